// Rules of n8n's community-node lint that the newest published
// @n8n/eslint-plugin-community-nodes (0.32.0) no longer ships: read from n8n's source
// (packages/@n8n/eslint-plugin-community-nodes/src/rules) and written anew here, widened where
// the original could not see this node's layout (each file says how).
module.exports = {
	meta: { name: 'eslint-plugin-local' },
	rules: {
		'node-operation-error-itemindex': require('./node-operation-error-itemindex'),
		'options-sorted-alphabetically': require('./options-sorted-alphabetically'),
		'require-continue-on-fail': require('./require-continue-on-fail'),
	},
};
