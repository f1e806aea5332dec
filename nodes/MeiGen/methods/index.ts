import { searchApiKeys } from './apiKeys';
import { searchModels } from './listSearch';
import { getPosterStyles } from './loadOptions';
import {
	getAspectRatios,
	getDurations,
	getModelVariants,
	getQualities,
	getResolutions,
	getTiers,
} from './modelOptions';
import { getSkillLanguages, getSkillPlatforms, getSkillUiLocales } from './skillLocales';
import {
	getBackgroundModes,
	getBackgroundQualities,
	getProductModules,
	getSkillQualities,
	getUpscaleModes,
} from './skillPrices';

/** The lists the panel searches (resource locators). */
export const listSearch = { searchApiKeys, searchModels };

/** The dropdowns the panel loads from MeiGen. */
export const loadOptions = {
	getAspectRatios,
	getBackgroundModes,
	getBackgroundQualities,
	getDurations,
	getModelVariants,
	getPosterStyles,
	getProductModules,
	getQualities,
	getResolutions,
	getSkillLanguages,
	getSkillPlatforms,
	getSkillQualities,
	getSkillUiLocales,
	getTiers,
	getUpscaleModes,
};
