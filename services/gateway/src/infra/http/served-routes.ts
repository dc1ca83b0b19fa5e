import { METHODS } from 'node:http';
import { RequestMethod, type INestApplication } from '@nestjs/common';
import { GUARDS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { PUBLIC_KEY, QUERY_TOKEN_KEY, ROLES_KEY } from '@pmt/http';

/** What the gateway's own guard reads on a controller route: the same lookups as JwtAuthGuard makes. */
export interface RouteAccess {
  controller: string;
  handler: string;
  /** `@Roles(...)`: the caller needs one of these; absent means any verified caller. */
  roles?: string[];
  /** `@Public()`: the JWT guard lets every request through; the route (or its own guards) decides. */
  public: boolean;
  /** `@AcceptsQueryToken()` */
  queryToken: boolean;
  /** `@UseGuards(...)` on the route or its controller, by class name. */
  guards: string[];
}

export interface ServedRoute {
  /** `GET`, or `ALL` for a route registered for every method (Nest mounts middleware so). */
  method: string;
  /** As Express matches it: `/api/v1/mous/:id`. */
  path: string;
  /** The controller route answering it; absent for what is mounted beside Nest's controllers (the API docs, middleware). */
  access?: RouteAccess;
}

interface ExpressLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

const ALL_METHODS = METHODS.length;

const joinPath = (...parts: string[]) => ('/' + parts.join('/')).replace(/\/+/g, '/').replace(/(.)\/$/, '$1');

/**
 * Every route the started (or initialised) gateway answers, read from Express's router, each joined with the access
 * metadata of the controller method Nest registered for it. For the authorization test generated from the route
 * table (test/e2e): a route nobody wrote a rule for cannot hide from it.
 */
export function servedRoutes(app: INestApplication): ServedRoute[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: ExpressLayer[] } };
  const access = controllerRoutes(app);
  const routes: ServedRoute[] = [];
  for (const layer of express.router.stack) {
    if (!layer.route) continue;
    const methods = Object.keys(layer.route.methods).filter((m) => layer.route!.methods[m]);
    const all = methods.includes('_all') || methods.length >= ALL_METHODS;
    for (const m of all ? ['ALL'] : methods.map((x) => x.toUpperCase())) {
      const path = layer.route.path;
      const found = access.get(`${m} ${path}`);
      routes.push({ method: m, path, ...(found && { access: found }) });
    }
  }
  return routes;
}

/** `GET /api/v1/mous/:id` -> its access metadata, for every method of every controller Nest knows. */
function controllerRoutes(app: INestApplication): Map<string, RouteAccess> {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const reflector = new Reflector();
  const routes = new Map<string, RouteAccess>();
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
    if (!controller || !wrapper.instance) continue;
    const base = [Reflect.getMetadata(PATH_METADATA, controller) ?? ''].flat() as string[];
    const prototype = Object.getPrototypeOf(wrapper.instance) as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as object;
      const own = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (own === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      const targets = [handler, controller] as Parameters<Reflector['getAllAndOverride']>[1];
      const roles = reflector.getAllAndOverride<readonly string[] | undefined>(ROLES_KEY, targets);
      const guards = [...(Reflect.getMetadata(GUARDS_METADATA, controller) ?? []), ...(Reflect.getMetadata(GUARDS_METADATA, handler) ?? [])] as Array<{
        name: string;
      }>;
      const meta: RouteAccess = {
        controller: controller.name,
        handler: name,
        ...(roles && { roles: [...roles] }),
        public: reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) === true,
        queryToken: reflector.getAllAndOverride<boolean>(QUERY_TOKEN_KEY, targets) === true,
        guards: guards.map((g) => g.name),
      };
      for (const b of base) for (const p of [own].flat()) routes.set(`${method} ${joinPath(b, p)}`, meta);
    }
  }
  return routes;
}
