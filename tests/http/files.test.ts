// Files on local disk: the shared suite (files-suite.ts) against `<dataDir>/storage`.
import { filesSuite } from './files-suite.ts';

filesSuite({ name: 'local disk', expectKind: 'local' });
