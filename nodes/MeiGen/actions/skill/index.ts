import type { INodeProperties } from 'n8n-workflow';

import { operation as aiBackground } from './aiBackground.operation';
import { operation as getAll } from './getAll.operation';
import { operation as getStatus } from './getStatus.operation';
import { operation as marketingPoster } from './marketingPoster.operation';
import { operation as productDetail } from './productDetail.operation';
import { operation as removeBackground } from './removeBackground.operation';
import { operation as upscale } from './upscale.operation';
import type { OperationField } from '../operation';

/** The resource's operations, each declared in its own file. */
export const operations = [
	removeBackground,
	upscale,
	productDetail,
	marketingPoster,
	aiBackground,
	getStatus,
	getAll,
];

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['skill'] } },
		options: [
			{
				name: 'Create AI Background',
				value: 'aiBackground',
				action: 'Create an AI background',
				description: 'Put a product on a white, smart or described background',
			},
			{
				name: 'Create Marketing Poster',
				value: 'marketingPoster',
				action: 'Create a marketing poster',
				description: 'Make a brand poster, optionally with logo and product images',
			},
			{
				name: 'Create Product Detail Images',
				value: 'productDetail',
				action: 'Create product detail images',
				description: 'Make 1–6 listing images of a product',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many skills',
				description: "List MeiGen's Skills with their prices",
			},
			{
				name: 'Get Status',
				value: 'getStatus',
				action: 'Get the status of a skill run',
				description: "Get a Skill run's status, optionally wait for it, and output its images",
			},
			{
				name: 'Remove Background',
				value: 'removeBackground',
				action: 'Remove the background of an image',
				description: 'Cut the product out onto a transparent background',
			},
			{
				name: 'Upscale',
				value: 'upscale',
				action: 'Upscale an image',
				description: 'Make an image larger and sharper',
			},
		],
		default: 'removeBackground',
	} satisfies OperationField<typeof operations>,
	...operations.flatMap((operation) => operation.description),
];
