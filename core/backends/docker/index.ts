/** The local Docker backend: what the surfaces import (lazily, the CLI) to run on Docker. */
export { dockerBackend, type DockerBackendOptions } from './backend';
