import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import type { HintedNodeDescription } from './actions/builderHint';
import * as generation from './actions/generation';
import * as image from './actions/image';
import * as model from './actions/model';
import { runAsTool } from './actions/aiTool';
import type { Operation } from './actions/operation';
import * as skill from './actions/skill';
import * as token from './actions/token';
import { errorItem, runItems } from './execution/itemLoop';
import { listSearch, loadOptions } from './methods';
import { learnFields } from './params/fields';
import { readText } from './params/read';
import { isAiTool } from './util/aiTool';

/** Every operation of the node, as each declares itself: `execute` runs the one chosen. */
export const OPERATIONS: readonly Operation[] = [
	...image.operations,
	...generation.operations,
	...model.operations,
	...skill.operations,
	...token.operations,
];

export class MeiGen implements INodeType {
	description: HintedNodeDescription = {
		displayName: 'MeiGen',
		name: 'meiGen',
		icon: { light: 'file:meigen.svg', dark: 'file:meigen.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Generate images and videos with MeiGen, run its product-image Skills, wait for them and get the files',
		defaults: {
			name: 'MeiGen',
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'meiGenApi',
				required: true,
			},
		],
		// For n8n's AI workflow builder, which picks nodes and fills their fields from these texts.
		builderHint: {
			searchHint:
				'Generates images and videos with MeiGen from a text prompt, on many models (e.g. Nano Banana, GPT Image, Midjourney, Seedream, Seedance, Veo), optionally guided by reference images, first and last frames, clips or audio; runs product-photo Skills: remove background, upscale, AI background, product detail images and marketing posters. The media comes out as binary data, ready to save or send. A long video is best submitted with Wait for Completion off and followed with Generation → Get Status after a Wait node.',
			relatedNodes: [
				{
					nodeType: 'n8n-nodes-base.wait',
					relationHint:
						'Between submitting a long job (Wait for Completion off) and Get Status: wait the checkAgainInSeconds the output gives, without holding a worker',
				},
				{
					nodeType: 'n8n-nodes-base.if',
					relationHint:
						"After Get Status: on the output's done field, go on when true, loop back to the Wait node when false",
				},
				{
					nodeType: 'n8n-nodes-base.readWriteFile',
					relationHint:
						'Save the generated image or video from its binary field (data) to disk, or read a reference or product image from disk',
				},
				{
					nodeType: '@n8n/n8n-nodes-langchain.agent',
					relationHint:
						'Give the agent MeiGen as a tool to make images and videos on request; the tool answers with a short JSON summary and the media URLs',
				},
			],
		},
		properties: [
			// As an AI Agent's tool (n8n's `@tool` display option: the meiGenTool variant) the node
			// offers no Token resource: an agent must not create or revoke API keys.
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { '@tool': [false] } },
				options: [
					{ name: 'Generation', value: 'generation' },
					{ name: 'Image', value: 'image' },
					{ name: 'Model', value: 'model' },
					{ name: 'Skill', value: 'skill' },
					{ name: 'Token', value: 'token' },
				],
				default: 'image',
			},
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { '@tool': [true] } },
				options: [
					{ name: 'Generation', value: 'generation' },
					{ name: 'Image', value: 'image' },
					{ name: 'Model', value: 'model' },
					{ name: 'Skill', value: 'skill' },
				],
				default: 'image',
			},
			...image.description,
			...generation.description,
			...model.description,
			...skill.description,
			...token.description,
		],
	};

	methods = { listSearch, loadOptions };

	constructor() {
		// Errors about a value name its field as the panel shows it, and check the panel's bounds.
		learnFields(this.description.properties);
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		try {
			const resource = readText(this, 'resource', 0);
			const name = readText(this, 'operation', 0);
			const operation = OPERATIONS.find(
				(candidate) => candidate.resource === resource && candidate.operation === name,
			);
			if (!operation) {
				throw new NodeOperationError(
					this.getNode(),
					`The operation "${name}" of "${resource}" is not supported`,
				);
			}
			if (isAiTool(this.getNode())) return await runAsTool(this, operation);
			return await runItems(this, operation);
		} catch (error) {
			const nodeError =
				error instanceof NodeApiError || error instanceof NodeOperationError
					? error
					: new NodeOperationError(this.getNode(), error instanceof Error ? error : String(error));
			// Under Continue On Fail the item loop already returns each item's failure as an error
			// item; what fails before it starts (an operation the node doesn't have, a Token operation
			// run as a tool, an invalid Concurrency) fails every item alike, in the same shape.
			if (!this.continueOnFail()) throw nodeError;
			return [this.getInputData().map((_, item) => errorItem(this, nodeError, item))];
		}
	}
}
