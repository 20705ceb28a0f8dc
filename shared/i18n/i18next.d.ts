import type { en } from './en';

// Keys are checked at compile time against the English catalogue (the others are checked by a test).
declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: typeof en };
    returnNull: false;
  }
}
