/**
 * What of the step's environment reaches the engine connection: the Docker variables it reads
 * (`DOCKER_HOST`, `DOCKER_TLS_VERIFY`, `DOCKER_CERT_PATH`, `DOCKER_CONFIG`, …), HOME (where
 * `~/.docker/config.json` is) and PATH (where credential helpers such as `docker-credential-ecr-login`
 * are found), nothing else. The step's
 * environment holds the inputs (`INPUT_GITHUB-TOKEN`) and whatever secrets the workflow put there;
 * code that never sees them cannot quote them in an error message.
 */
export function engineEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => name.startsWith('DOCKER_') || name === 'HOME' || name === 'PATH'));
}
