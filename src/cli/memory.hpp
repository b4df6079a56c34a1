// How a run of pkitool uses memory: Botan 2's locked-memory pool and the C
// library's heap. Both are set before the memory they govern is first
// used: start_up() at the top of main(), start_bulk_reading() at the top
// of a command that reads thousands of certificates, before it reads.
#pragma once

namespace pkitool::cli {

// Every run:
// - Botan 2's locked pool is 16 KiB (Botan 2 would lock 512 KiB, page by
//   page, at about 4 ms a run): enough for the passwords and the one key
//   of a typical command. A size the user set in BOTAN_MLOCK_POOL_SIZE is
//   kept. Botan reads the variable once, at its first allocation of secure
//   memory.
// - glibc's heap keeps what is freed for the next allocation instead of
//   giving it back, and serves big buffers itself rather than by mmap: a
//   run is short, and on the project's VMs each fresh page costs a fault
//   dearer than the copy it serves.
void start_up();

// For a command that reads thousands of public certificates on every core
// (report):
// - No locked pool (unless the user set its size): each of Botan 2's
//   decoded values of 16 to 256 octets took the pool's one mutex, so a
//   second thread made such a run no faster. The pool only ever served
//   allocations of that size, memory outside it is wiped when freed all
//   the same, and the Botan 3 that pkitool also builds against has none.
// - Transparent huge pages for the heaps of the calling thread and of the
//   `threads` - 1 workers it will start, where a system
//   gives them on request (Linux's "madvise" mode, Debian's default): the
//   parsed certificates of a large inventory are hundreds of megabytes
//   reached in no order, and with 4 KiB pages each miss of the TLB costs a
//   page walk (a nested one in a VM). 25,000 certificates read in 1.1 s
//   instead of 1.5 s on one thread of the project's VM.
void start_bulk_reading(unsigned threads);

} // namespace pkitool::cli
