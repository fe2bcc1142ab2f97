/**
 * Network slots: a task joins the network namespace of a small holder container on the run's
 * network (`NetworkMode: container:<holder>`) instead of getting an endpoint of its own.
 *
 * Why: on a user-defined network the engine gives every container a veth pair, an address and
 * its embedded DNS (set up inside the container's namespace at each start), and tears them down
 * at each exit. Here that is ~40 % of a trivial task's start-to-exit time (a start of ~360 ms
 * against ~180 ms in a slot; the exit seen ~95 ms after it against ~35 ms). A holder is set up
 * once and used by one task after the other, as a Kubernetes pod's sandbox is.
 *
 * What a task sees is the run's network as before: services by name through the engine's DNS,
 * nothing else on the host's default bridge. What changes: a task's hostname and address are its
 * slot's, and a task is not reachable by name (services are; tasks never were documented to be).
 * A slot is used by ONE running container at a time, so two tasks running side by side never
 * share ports. Tasks that could change the namespace for the next one (privileged, `cap-add`)
 * and `network: host` tasks keep their own; so do services (they are reached by name).
 *
 * The holder runs a static program of 129 (x86-64) or 148 (aarch64) bytes that waits for
 * signals forever (pause/ppoll), made here for the engine's architecture and imported once as a
 * local image (`docker import`; nothing is pulled). On an architecture without one, tasks get
 * their own endpoint as before.
 */
import { createHash } from 'node:crypto';
import type Dockerode from 'dockerode';
import { readProgress } from './images';
import { HOLDER_IMAGE_REPOSITORY, LABEL_ROLE } from './labels';

/** Where the holder program sits in its image. */
const PROGRAM_PATH = 'hold';
const IMAGE_REPO = HOLDER_IMAGE_REPOSITORY;
/** The `LABEL_ROLE` of holders and of their image. */
const ROLE = 'netns-holder';
/** Load address of the program: a multiple of 64 KiB, so it suits 4 KiB and 64 KiB pages. */
const BASE = 0x400000;
const ELF_HEADER = 64;
const PROGRAM_HEADER = 56;

/**
 * Machine code of the holder, per architecture (`docker version`'s Arch and `info`'s names).
 * x86-64:  loop: mov eax, 34 (pause); syscall; jmp loop
 * aarch64: loop: mov x0..x3, #0; mov x8, #73 (ppoll, NULL fds, no timeout); svc #0; b loop
 * (assembled with GNU as; the aarch64 one is checked under qemu-aarch64 in test/docker-netns).
 */
const CODE: Record<string, { machine: number; words: number[]; bytes?: number[] }> = {
  x86_64: { machine: 62, words: [], bytes: [0xb8, 0x22, 0x00, 0x00, 0x00, 0x0f, 0x05, 0xeb, 0xf7] },
  aarch64: {
    machine: 183,
    words: [0xd2800000, 0xd2800001, 0xd2800002, 0xd2800003, 0xd2800928, 0xd4000001, 0x17fffffa],
  },
};
const ARCH_ALIASES: Record<string, string> = { amd64: 'x86_64', x86_64: 'x86_64', arm64: 'aarch64', aarch64: 'aarch64' };

/** The holder program for an engine architecture, as a static ELF executable; undefined if we have none. */
export function holderProgram(architecture: string): Buffer | undefined {
  const arch = ARCH_ALIASES[architecture.toLowerCase()];
  if (!arch) return undefined;
  const { machine, words, bytes } = CODE[arch];
  const code = bytes ? Buffer.from(bytes) : Buffer.alloc(words.length * 4);
  if (!bytes) words.forEach((word, i) => code.writeUInt32LE(word, i * 4));
  const size = ELF_HEADER + PROGRAM_HEADER + code.length;
  const elf = Buffer.alloc(size);
  // ELF header: 64-bit, little-endian, version 1, System V ABI; an executable with one segment.
  elf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0], 0);
  elf.writeUInt16LE(2, 16); // e_type: EXEC
  elf.writeUInt16LE(machine, 18);
  elf.writeUInt32LE(1, 20); // e_version
  elf.writeBigUInt64LE(BigInt(BASE + ELF_HEADER + PROGRAM_HEADER), 24); // e_entry: the code
  elf.writeBigUInt64LE(BigInt(ELF_HEADER), 32); // e_phoff
  elf.writeUInt16LE(ELF_HEADER, 52); // e_ehsize
  elf.writeUInt16LE(PROGRAM_HEADER, 54); // e_phentsize
  elf.writeUInt16LE(1, 56); // e_phnum
  // Program header: the whole file loaded read + execute at BASE.
  const ph = ELF_HEADER;
  elf.writeUInt32LE(1, ph); // PT_LOAD
  elf.writeUInt32LE(5, ph + 4); // PF_R | PF_X
  elf.writeBigUInt64LE(0n, ph + 8); // p_offset
  elf.writeBigUInt64LE(BigInt(BASE), ph + 16); // p_vaddr
  elf.writeBigUInt64LE(BigInt(BASE), ph + 24); // p_paddr
  elf.writeBigUInt64LE(BigInt(size), ph + 32); // p_filesz
  elf.writeBigUInt64LE(BigInt(size), ph + 40); // p_memsz
  elf.writeBigUInt64LE(0x10000n, ph + 48); // p_align
  code.copy(elf, ELF_HEADER + PROGRAM_HEADER);
  return elf;
}

/** A tar archive holding one executable file: what `docker import` makes an image of. */
export function singleFileTar(name: string, content: Buffer): Buffer {
  const header = Buffer.alloc(512);
  const field = (value: string, offset: number, length: number) => header.write(value.slice(0, length), offset, length, 'ascii');
  const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, '0') + '\0';
  field(name, 0, 100);
  field(octal(0o755, 8), 100, 8); // mode
  field(octal(0, 8), 108, 8); // uid
  field(octal(0, 8), 116, 8); // gid
  field(octal(content.length, 12), 124, 12);
  field(octal(0, 12), 136, 12); // mtime
  field('        ', 148, 8); // checksum: spaces while it is summed
  field('0', 156, 1); // a regular file
  field('ustar\0', 257, 6);
  field('00', 263, 2);
  let sum = 0;
  for (const byte of header) sum += byte;
  field(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  const padded = Buffer.alloc(Math.ceil(content.length / 512) * 512);
  content.copy(padded);
  return Buffer.concat([header, padded, Buffer.alloc(1024)]);
}

/** A namespace holder and who may use it: `holder` may run in it now, `successor` once `holder` has exited. */
interface Slot {
  /** Resolves to the holder container's id once it runs; rejects if it could not be started. */
  readonly ready: Promise<string>;
  holder?: string;
  successor?: string;
}

export interface NetnsPoolOptions {
  /** The run's network: holders join it, so tasks in their slots reach services by name. */
  network: string;
  /** Labels of every holder (the run's, so cleanup finds them). */
  labels: Record<string, string>;
  /** Holder container names: `<prefix>-netns-<n>`. */
  namePrefix: string;
}

/**
 * The slots of one run. Ownership is by the name of the container that runs in a slot; a slot
 * has at most one holder (a container created for it, running or about to) and one successor
 * (a container prepared while the holder, one of its needs, still runs). `release` hands a slot
 * on when its container has exited or is removed unstarted.
 */
export class NetnsPool {
  private readonly slots: Slot[] = [];
  private image: Promise<string | undefined> | undefined;
  /** Holders made so far (their names are numbered). */
  private made = 0;

  constructor(
    private readonly docker: Dockerode,
    private readonly options: NetnsPoolOptions,
  ) {}

  /**
   * The holder image, made once per engine and program (its tag is the program's hash);
   * undefined when the engine's architecture has no holder program or the import failed.
   */
  holderImage(): Promise<string | undefined> {
    this.image ??= (async () => {
      const { Arch } = (await this.docker.version()) as { Arch: string };
      const program = holderProgram(Arch);
      if (!program) return undefined;
      const tag = `${IMAGE_REPO}:${createHash('sha256').update(program).digest('hex').slice(0, 12)}`;
      const present = await this.docker
        .getImage(tag)
        .inspect()
        .then(() => true, () => false);
      if (!present) {
        const stream = await this.docker.importImage(
          // dockerode pipes whatever it is given as the request body.
          singleFileTar(PROGRAM_PATH, program) as unknown as NodeJS.ReadableStream,
          { repo: IMAGE_REPO, tag: tag.slice(IMAGE_REPO.length + 1), changes: [`LABEL ${LABEL_ROLE}=${ROLE}`] },
        );
        await readProgress(stream as NodeJS.ReadableStream);
      }
      return tag;
    })().catch(() => undefined);
    return this.image;
  }

  /**
   * A slot for the container `owner` is about to create. `after`: containers running now that
   * will have exited before `owner` starts (its needs): one of their slots is taken as successor
   * if free of one. Else a slot nobody holds, else a new one. Undefined: no slots on this engine.
   */
  async claim(owner: string, after: ReadonlySet<string> = new Set()): Promise<{ id: string } | undefined> {
    let slot =
      (after.size > 0 ? this.slots.find((s) => s.holder !== undefined && after.has(s.holder) && s.successor === undefined) : undefined) ??
      this.freeSlot();
    if (slot?.holder !== undefined) slot.successor = owner;
    else if (slot) slot.holder = owner;
    else {
      const image = await this.holderImage();
      if (!image) return undefined;
      // Recheck: a slot may have been released while the image was looked up.
      slot = this.freeSlot();
      if (slot) slot.holder = owner;
      else {
        const made: Slot = { ready: this.startHolder(image, ++this.made), holder: owner };
        // A holder that could not be started is forgotten (what was created of it is labelled:
        // the run's cleanup removes it); its claimant falls back to an endpoint of its own.
        made.ready.catch(() => {
          const at = this.slots.indexOf(made);
          if (at >= 0) this.slots.splice(at, 1);
        });
        this.slots.push(made);
        slot = made;
      }
    }
    try {
      return { id: await slot.ready };
    } catch {
      this.release(owner);
      return undefined;
    }
  }

  /** A slot nobody holds (a successor is only ever set while there is a holder). */
  private freeSlot(): Slot | undefined {
    return this.slots.find((s) => s.holder === undefined);
  }

  /** True when `owner` may start in its slot now (its predecessor has exited). */
  holds(owner: string): boolean {
    return this.slots.some((s) => s.holder === owner);
  }

  /** `owner` has exited or was removed before it started: its slot goes to the successor, or is free. */
  release(owner: string): void {
    for (const slot of this.slots) {
      if (slot.holder === owner) {
        slot.holder = slot.successor;
        slot.successor = undefined;
      } else if (slot.successor === owner) {
        slot.successor = undefined;
      }
    }
  }

  private async startHolder(image: string, n: number): Promise<string> {
    const container = await this.docker.createContainer({
      name: `${this.options.namePrefix}-netns-${n}`,
      Image: image,
      Entrypoint: [`/${PROGRAM_PATH}`],
      Labels: { ...this.options.labels, [LABEL_ROLE]: ROLE },
      HostConfig: {
        NetworkMode: this.options.network,
        // docker-init as PID 1 passes SIGTERM on, so even a plain `docker stop` ends it at once.
        Init: true,
        ReadonlyRootfs: true,
        CapDrop: ['ALL'],
        SecurityOpt: ['no-new-privileges'],
        PidsLimit: 8,
        LogConfig: { Type: 'none', Config: {} },
      },
    });
    await container.start();
    return container.id;
  }
}
