/** The tests too have no file that imports another that imports it back (see .dependency-cruiser.cjs). */
const base = require('./.dependency-cruiser.cjs');

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: base.forbidden.filter((rule) => rule.name === 'no-file-cycle'),
  options: {
    ...base.options,
    exclude: { path: '^(dist|node_modules|coverage)/' },
    cache: { ...base.options.cache, folder: 'node_modules/.cache/depcruise/tests' },
  },
};
