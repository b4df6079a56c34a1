// Botan 2's locked-memory pool. Botan reads BOTAN_MLOCK_POOL_SIZE once, at
// its first allocation of secure memory, so these calls must come before
// any: main() makes the first, a command that wants the other makes it
// before it reads anything. A size the user set is kept by both.
//
// The pool only ever served allocations of 16 to 256 octets, and memory
// outside it is wiped when freed all the same; the Botan 3 that pkitool
// builds against as a second library has no pool at all.
#pragma once

namespace pkitool::cli {

// 16 KiB (Botan 2 would lock 512 KiB, page by page, at about 4 ms a run):
// enough for the passwords and the one key of a typical command.
void use_small_locked_pool();

// No pool, for a command that reads thousands of public certificates on
// every core: each of Botan's decoded values of 16 to 256 octets takes the
// pool's one mutex, so a second thread made such a run no faster.
void use_no_locked_pool();

} // namespace pkitool::cli
