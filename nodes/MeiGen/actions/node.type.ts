/** The node's resources and the operations each has. */
export type MeiGenMap = {
	image: 'generate' | 'get';
	generation: 'getStatus';
	model: 'getAll';
	token: 'create' | 'delete' | 'getAll' | 'getUsage';
};

export type MeiGenResource = keyof MeiGenMap;
