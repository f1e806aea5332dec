import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

/** Image → Generate's model-aware fields: the chosen model's own values, with their price. */

export async function getAspectRatios(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return [];
}

export async function getResolutions(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return [];
}

export async function getQualities(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return [];
}

export async function getModelVariants(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return [];
}

export async function getTiers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return [];
}

export async function getDurations(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return [];
}
