// `npm run openapi`: writes docs/openapi.json from the gateway's routes and DTOs.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateOpenApi, OPENAPI_PATH } from './openapi';

writeFileSync(OPENAPI_PATH, await generateOpenApi());
console.log(`wrote ${fileURLToPath(OPENAPI_PATH)}`);
