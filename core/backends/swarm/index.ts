/** The Docker Swarm backend: what the surfaces import (lazily, the CLI) to run on a swarm. */
export { swarmBackend, type SwarmBackendOptions } from './backend';
