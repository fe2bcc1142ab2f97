/**
 * Entry point of the Gantry language server. Thin on purpose: it makes the connection (from the
 * command line: `--stdio`, `--node-ipc` or `--socket=N`, as vscode-languageserver reads them)
 * and hands it to the service with this machine's resources. Any LSP editor can run it:
 *
 *     node extension/dist/server.js --stdio
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { dockerImages } from './docker-images';
import { machineCapacity } from './machine-capacity';
import { GantryLanguageService } from './service';
import { swarmNodes } from './swarm-nodes';

const connection = createConnection(ProposedFeatures.all);
const service = new GantryLanguageService(connection, { images: dockerImages(), nodes: swarmNodes(), machine: machineCapacity() });
connection.onShutdown(() => service.dispose());
connection.listen();
