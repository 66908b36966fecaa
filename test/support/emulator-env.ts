import { inject } from 'vitest';
import { resolveLocalhostSubdomains } from '../../local/emulators/loopback-dns.ts';

// Runs in every test worker before its tests: AWS SDK v3 clients created afterwards read these
// variables and talk to the run's emulators, never to AWS.
Object.assign(process.env, inject('emulatorEnv'));
resolveLocalhostSubdomains();
