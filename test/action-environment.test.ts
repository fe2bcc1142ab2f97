/** What of the step's environment reaches the engine connection and the image pulls. */
import { describe, expect, it } from 'vitest';
import { engineEnvironment } from '../action/environment';

describe('engineEnvironment', () => {
  it('keeps the Docker variables, HOME and PATH (credential helpers), and drops inputs and secrets', () => {
    const env = engineEnvironment({
      DOCKER_HOST: 'unix:///run/docker.sock', DOCKER_CONFIG: '/home/runner/.docker', HOME: '/home/runner', PATH: '/usr/bin:/bin',
      'INPUT_GITHUB-TOKEN': 'ghs_secret', NPM_TOKEN: 'npm_secret', GITHUB_TOKEN: 'ghs_other',
    });
    expect(env).toEqual({ DOCKER_HOST: 'unix:///run/docker.sock', DOCKER_CONFIG: '/home/runner/.docker', HOME: '/home/runner', PATH: '/usr/bin:/bin' });
  });
});
