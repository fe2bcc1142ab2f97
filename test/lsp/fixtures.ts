/** Batch files the language server tests share. */

export const URI = 'file:///work/project/gantry.yml';

export const SAMPLE = `version: 1
capacity: { cpus: 2, memory: 4Gi }
volumes:
  work: {}
services:
  web:
    image: busybox
    run: httpd -f -p 8080
    cpus: 0.5
    memory: 64Mi
tasks:
  build:
    image: busybox
    run: echo "version=1.2.3" >> "$GANTRY_OUTPUT"
    volumes: ["work:/work"]
    estimate: 20s
    outputs: [version]
  test:
    needs: [build, web]
    image: busybox
    matrix: { shard: [1, 2] }
    run: echo \${{ matrix.shard }} \${{ needs.build.outputs.version }}
    volumes: ["work:/work"]
    estimate: 30s
  lint:
    image: busybox
    run: echo lint
    estimate: 5s
  report:
    needs:
      - test
      - lint
    image: busybox
    if: always
    run: echo done
`;

export const CYCLE = `version: 1
tasks:
  a:
    image: busybox
    run: echo a
    needs: [c]
  b:
    image: busybox
    run: echo b
    needs: [a]
  c:
    image: busybox
    run: echo c
    needs: [b]
`;
