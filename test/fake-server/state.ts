/**
 * Everything the fake remembers between requests: catalogue, credits, jobs, idempotency records,
 * API keys, pending faults, timers and request logs. `reset()` returns it to how it started.
 */
import { TEST_API_KEY } from './auth';
import { buildCatalogue, type ModelSpec } from './catalogue';
import { DEFAULT_VIDEO_BYTES } from './media';
import { SkillState } from './skills';
import type { Fault, FakeJob, FakeOptions, RecordedRequest } from './types';
import type { FakeUpload, ServedFile, StoragePut } from './uploads';

const DEFAULT_CREDITS = { daily: 50, purchased: 1000 };

/** What a submit with an idempotency key left behind, for dedupe, 409 and request lookups. */
export interface IdempotencyRecord {
	jobId: string;
	/** The submit's inputs, key order independent. */
	fingerprint: string;
	/** Keys are kept per account: another account's key neither finds nor reuses it. */
	account: string;
}

export interface TokenRecord {
	id: string;
	token: string;
	name: string;
	is_active: boolean;
	last_used_at: string | null;
	created_at: string;
}

export type PendingFault = Fault & { left: number; passed: number };

const seedTokens = (): TokenRecord[] => [
	{
		id: 'tok_default',
		token: TEST_API_KEY,
		name: 'Default',
		is_active: true,
		last_used_at: null,
		created_at: '2026-01-01T00:00:00.000Z',
	},
];

export class FakeState {
	readonly catalogue: ModelSpec[] = buildCatalogue();
	readonly credits: { daily: number; purchased: number };
	readonly requests: RecordedRequest[] = [];
	readonly cdnRequests: RecordedRequest[] = [];
	readonly jobs = new Map<string, FakeJob>();
	/** By idempotency key. */
	readonly idempotency = new Map<string, IdempotencyRecord>();
	readonly faults: PendingFault[] = [];
	tokens: TokenRecord[] = seedTokens();
	/** Skills: receipts, uploads, prices */
	readonly skills = new SkillState();
	durations: Record<string, number>;
	/** Jobs submitted so far: picks each one's spread around its model's time (jobs.ts) */
	jobCount = 0;
	/** A completed job's media URLs come this long after it completed ("result pending") */
	urlDelayMs = 0;
	/** Status answers carry `null` for the estimate and the hint */
	noEstimates = false;
	videoBytes: number;
	/** Set once the CDN listens; media URLs of completed jobs start with it. */
	cdnUrl = '';
	/** Reference media uploads by key, and every PUT the storage host received. */
	readonly uploads = new Map<string, FakeUpload>();
	readonly storagePuts: StoragePut[] = [];
	/** Files the CDN serves as another host's, by name. */
	readonly files = new Map<string, ServedFile>();
	/** Set once the upload storage listens; presigned URLs start with it. */
	storageUrl = '';
	/** Demo mode's media instead of the tests' (FakeOptions.media). */
	readonly media: FakeOptions['media'];
	private readonly timers = new Set<NodeJS.Timeout>();

	constructor(private readonly opts: FakeOptions) {
		this.credits = { ...this.initialCredits() };
		this.durations = { ...opts.jobDurations };
		this.videoBytes = opts.videoBytes ?? DEFAULT_VIDEO_BYTES;
		this.media = opts.media;
	}

	findModel(id: string): ModelSpec | undefined {
		return this.catalogue.find((m) => m.json.id === id);
	}

	/** Runs `fn` after `ms` unless reset or close comes first; never keeps the process alive. */
	later(ms: number, fn: () => void): void {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			fn();
		}, ms);
		timer.unref();
		this.timers.add(timer);
	}

	sleep(ms: number): Promise<void> {
		return new Promise<void>((resolve) => this.later(ms, resolve));
	}

	stopTimers(): void {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
	}

	reset(): void {
		this.stopTimers();
		this.requests.length = 0;
		this.cdnRequests.length = 0;
		this.jobs.clear();
		this.idempotency.clear();
		this.faults.length = 0;
		Object.assign(this.credits, this.initialCredits());
		this.durations = { ...this.opts.jobDurations };
		this.jobCount = 0;
		this.urlDelayMs = 0;
		this.noEstimates = false;
		this.videoBytes = this.opts.videoBytes ?? DEFAULT_VIDEO_BYTES;
		this.tokens = seedTokens();
		this.skills.reset();
		// A test may have changed a model's entry (e.g. its upload cap): back to the documented one.
		this.catalogue.splice(0, this.catalogue.length, ...buildCatalogue());
		this.uploads.clear();
		this.storagePuts.length = 0;
		this.files.clear();
	}

	private initialCredits(): { daily: number; purchased: number } {
		return { ...(this.opts.credits ?? DEFAULT_CREDITS) };
	}
}
