import type { INodeProperties } from 'n8n-workflow';

/**
 * Image → Generate's model-aware Additional Fields: each dropdown lists the chosen model's own
 * values from GET /models, with their prices. loadOptionsDependsOn names every field a dropdown's
 * values or prices are worked out from, so the editor reloads them (and their prices) whenever one
 * of those changes, and no price goes stale.
 */
export const modelAwareFields: INodeProperties[] = [
	{
		displayName: 'Aspect Ratio Name or ID',
		name: 'aspectRatio',
		type: 'options',
		typeOptions: {
			loadOptionsMethod: 'getAspectRatios',
			loadOptionsDependsOn: ['modelId.value'],
		},
		default: 'auto',
		description:
			'The chosen model\'s aspect ratios, or auto. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Duration Name or ID',
		name: 'duration',
		type: 'options',
		typeOptions: {
			loadOptionsMethod: 'getDurations',
			loadOptionsDependsOn: [
				'modelId.value',
				'additionalFields.resolution',
				'additionalFields.tier',
				'additionalFields.quality',
			],
		},
		default: '',
		description:
			'Video length in seconds, as the chosen video model offers, with its price. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Model Variant Name or ID',
		name: 'modelVariant',
		type: 'options',
		typeOptions: {
			loadOptionsMethod: 'getModelVariants',
			loadOptionsDependsOn: ['modelId.value'],
		},
		default: '',
		description:
			'A variant of the chosen model, where it has some. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Quality Name or ID',
		name: 'quality',
		type: 'options',
		typeOptions: {
			loadOptionsMethod: 'getQualities',
			loadOptionsDependsOn: [
				'modelId.value',
				'additionalFields.resolution',
				'additionalFields.tier',
				'additionalFields.duration',
			],
		},
		default: '',
		description:
			'The chosen model\'s quality levels, with their price. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Resolution Name or ID',
		name: 'resolution',
		type: 'options',
		typeOptions: {
			loadOptionsMethod: 'getResolutions',
			loadOptionsDependsOn: [
				'modelId.value',
				'additionalFields.tier',
				'additionalFields.quality',
				'additionalFields.duration',
			],
		},
		default: '',
		description:
			'The chosen model\'s resolutions (per tier where it lists them), with their price. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Tier Name or ID',
		name: 'tier',
		type: 'options',
		typeOptions: {
			loadOptionsMethod: 'getTiers',
			loadOptionsDependsOn: [
				'modelId.value',
				'additionalFields.resolution',
				'additionalFields.quality',
				'additionalFields.duration',
			],
		},
		default: '',
		description:
			'The chosen video model\'s speed/quality tiers, with their price. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
];
