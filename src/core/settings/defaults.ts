// PocketBase's settings model and the values of a fresh install (http-api.md §8).

export interface S3Config {
  enabled: boolean;
  bucket: string;
  region: string;
  endpoint: string;
  accessKey: string;
  /** Stored in clear like PocketBase; never sent to clients. */
  secret: string;
  forcePathStyle: boolean;
}

export interface RateLimitRule {
  label: string;
  audience: string;
  duration: number;
  maxRequests: number;
}

export interface Settings {
  smtp: {
    enabled: boolean;
    port: number;
    host: string;
    username: string;
    /** Stored in clear like PocketBase; never sent to clients. */
    password: string;
    authMethod: string;
    tls: boolean;
    localName: string;
  };
  backups: { cron: string; cronMaxKeep: number; s3: S3Config };
  s3: S3Config;
  meta: {
    appName: string;
    appURL: string;
    senderName: string;
    senderAddress: string;
    hideControls: boolean;
    accentColor: string;
  };
  rateLimits: { rules: RateLimitRule[]; excludedIPs: string[]; enabled: boolean };
  trustedProxy: { headers: string[]; useLeftmostIP: boolean };
  batch: { enabled: boolean; maxRequests: number; timeout: number; maxBodySize: number };
  logs: {
    maxDataSize: number;
    maxDays: number;
    minLevel: number;
    logIP: boolean;
    logAuthId: boolean;
  };
  superuserIPs: string[];
}

function defaultS3(): S3Config {
  return {
    enabled: false,
    bucket: '',
    region: '',
    endpoint: '',
    accessKey: '',
    secret: '',
    forcePathStyle: false,
  };
}

/** A fresh copy every call: callers mutate what they get. */
export function defaultSettings(): Settings {
  return {
    smtp: {
      enabled: false,
      port: 587,
      host: 'smtp.example.com',
      username: '',
      password: '',
      authMethod: '',
      tls: false,
      localName: '',
    },
    backups: { cron: '', cronMaxKeep: 3, s3: defaultS3() },
    s3: defaultS3(),
    meta: {
      appName: 'Acme',
      appURL: 'http://localhost:8090',
      senderName: 'Support',
      senderAddress: 'support@example.com',
      hideControls: false,
      accentColor: '#1055c9',
    },
    rateLimits: {
      rules: [
        { label: '*:auth', audience: '', duration: 3, maxRequests: 2 },
        { label: '*:create', audience: '', duration: 5, maxRequests: 20 },
        { label: '/api/batch', audience: '', duration: 1, maxRequests: 3 },
        { label: '/api/', audience: '', duration: 10, maxRequests: 300 },
      ],
      excludedIPs: [],
      enabled: false,
    },
    trustedProxy: { headers: [], useLeftmostIP: false },
    batch: { enabled: false, maxRequests: 50, timeout: 3, maxBodySize: 0 },
    logs: { maxDataSize: 0, maxDays: 5, minLevel: 0, logIP: true, logAuthId: false },
    superuserIPs: [],
  };
}
