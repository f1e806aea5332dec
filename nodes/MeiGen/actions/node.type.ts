/** The node's resources and the operations each has. */
export type MeiGenMap = {
	image: 'generate' | 'get';
	generation: 'getStatus';
	model: 'getAll';
	token: 'create' | 'delete' | 'getAll' | 'getUsage';
	skill:
		| 'removeBackground'
		| 'upscale'
		| 'productDetail'
		| 'marketingPoster'
		| 'aiBackground'
		| 'getStatus'
		| 'getAll';
};

export type MeiGenResource = keyof MeiGenMap;
