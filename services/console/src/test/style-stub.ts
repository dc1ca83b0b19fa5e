// Stylesheets mean nothing to jsdom: an import of one gives an empty module.
export default {};
