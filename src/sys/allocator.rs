//! glibc's malloc, set for a command that builds the model of a whole large vault and a
//! report of it (hundreds of thousands of strings allocated and freed, and buffers of
//! megabytes), and whether every page may be locked in memory.

/// The heap grows 64 MiB at a time and is not given back while the command runs, and buffers
/// of up to 32 MiB come from it rather than from mappings of their own, so that memory freed
/// is used again instead of being faulted in anew: `audit --json` of 10,000 accounts 99 to
/// 94 ms. Only room is set aside, no page is touched before it is used; but the commands that
/// write the vault peaked 6 MiB higher with it, so it is for the audit alone. Not when every
/// page is locked (main's `mlockall`, under an unlimited RLIMIT_MEMLOCK), where room set
/// aside would be memory.
pub fn for_a_whole_vault() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if !memory_lock_unlimited() {
        // SAFETY: mallopt takes two integers and changes only the allocator's settings.
        unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
            libc::mallopt(libc::M_TRIM_THRESHOLD, 1 << 30);
            libc::mallopt(libc::M_TOP_PAD, 64 << 20);
        }
    }
}

/// Buffers of 128 KiB or more each mapped on their own and given back when freed, for a
/// command that holds several large documents one after another (a drill's vault, then each
/// backup): glibc otherwise raises that threshold to the largest buffer freed, and the next
/// document then comes from its heap, which keeps the pages once the document is freed.
pub fn large_buffers_apart() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if !memory_lock_unlimited() {
        // SAFETY: mallopt takes two integers and changes only the allocator's settings.
        unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, 128 << 10);
        }
    }
}

/// Gives the pages of memory freed back to the system (glibc keeps them for its heap): a
/// command that held megabytes of small pieces (a drill's backups) and then reads the vault
/// again does not peak at both.
pub fn give_back_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes an integer and only returns free pages to the system.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// True when this process may lock as much memory as it likes (RLIMIT_MEMLOCK unlimited):
/// then main locks every page it will ever have, so that no secret is swapped out.
pub fn memory_lock_unlimited() -> bool {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes only the local struct.
    (unsafe { libc::getrlimit(libc::RLIMIT_MEMLOCK, &mut limit) }) == 0
        && limit.rlim_cur == libc::RLIM_INFINITY
}

/// Faults the whole pages of `bytes` in with one call (Linux's MADV_POPULATE_WRITE), before
/// they are written: a 10,000-account vault decrypted into fresh memory otherwise traps into
/// the kernel once for each of its 2,100 pages (8.5 MB faulted in: 1.5 ms so, 2.2 to 3 ms a
/// page at a time, on the machine measured). The bytes are left as they are. Where the kernel
/// cannot (before Linux 5.14), the pages are faulted in as they are written, as before.
pub fn populate(bytes: &mut [u8]) {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: sysconf takes an integer and reads a value the C library keeps.
        let page = match unsafe { libc::sysconf(libc::_SC_PAGESIZE) } {
            size if size > 0 => size as usize,
            _ => return,
        };
        let start = bytes.as_mut_ptr() as usize;
        let first = start.next_multiple_of(page);
        let end = (start + bytes.len()) / page * page;
        if end > first {
            // SAFETY: the range is whole pages inside `bytes`, which this function borrows
            // mutably; populating them writes nothing into them. A failure changes nothing.
            unsafe {
                libc::madvise(
                    first as *mut libc::c_void,
                    end - first,
                    libc::MADV_POPULATE_WRITE,
                );
            }
        }
    }
}
