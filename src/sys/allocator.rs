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

/// Readies the heap for reading one document of `size` bytes: what the read takes from it
/// (age's two buffers of a 64 KiB chunk, the file's first bytes and the plaintext, when the
/// plaintext is not megabytes) is faulted in with one call before it is used. `code NAME` on
/// a 100-account vault otherwise traps into the kernel once a page, 54 times (169 page
/// faults to 115), and that command is mostly start-up: 1.29 to 1.22 ms (bench/speed.sh's
/// vault, 1,200 runs of each in turns, on the machine measured). The room is given back to
/// the heap at once, and stays there for the read: its pages are not trimmed off before they
/// are used. Not when every page is locked (main's `mlockall`), where each is faulted in as
/// the heap grows.
pub fn ready_for_reading(size: usize) {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if !memory_lock_unlimited() {
        /// What a read takes from the heap beside the plaintext: age's buffers of a
        /// ciphertext chunk and of its plaintext, the file's first bytes, a reader's buffer.
        const READ_BUFFERS: usize = 2 * (64 << 10) + (32 << 10);
        /// A larger plaintext is mapped apart (and faulted in with one call as it is read).
        const PLAINTEXT_IN_HEAP: usize = 512 << 10;
        let bytes = READ_BUFFERS + if size <= PLAINTEXT_IN_HEAP { size } else { 0 };
        let bytes_c = libc::c_int::try_from(bytes).unwrap_or(libc::c_int::MAX);
        // SAFETY: mallopt changes only the allocator's settings; the room is malloc's own,
        // `bytes` long, populated (its bytes left as they are) and freed.
        unsafe {
            // From the heap (below the threshold with malloc's own header), and not trimmed
            // back off its top once freed.
            libc::mallopt(libc::M_MMAP_THRESHOLD, bytes_c.saturating_mul(2));
            libc::mallopt(libc::M_TRIM_THRESHOLD, bytes_c.saturating_mul(4));
            let room = libc::malloc(bytes).cast::<u8>();
            if !room.is_null() {
                populate_pages(room, bytes);
                libc::free(room.cast());
            }
        }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    let _ = size;
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
    // SAFETY: the bytes are borrowed mutably for the call, and are this program's to write.
    unsafe { populate_pages(bytes.as_mut_ptr(), bytes.len()) }
}

/// [`populate`] of the whole pages of the `length` bytes at `start`.
///
/// # Safety
/// The bytes must be memory this program may write (they are not written).
unsafe fn populate_pages(start: *mut u8, length: usize) {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: sysconf takes an integer and reads a value the C library keeps.
        let page = match unsafe { libc::sysconf(libc::_SC_PAGESIZE) } {
            size if size > 0 => size as usize,
            _ => return,
        };
        let first = (start as usize).next_multiple_of(page);
        let end = (start as usize + length) / page * page;
        if end > first {
            // SAFETY: the range is whole pages inside the caller's writable bytes;
            // populating them writes nothing into them. A failure changes nothing.
            unsafe {
                libc::madvise(
                    first as *mut libc::c_void,
                    end - first,
                    libc::MADV_POPULATE_WRITE,
                );
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (start, length);
}

#[cfg(all(test, target_os = "linux", target_env = "gnu"))]
mod tests {
    use super::*;

    /// How many of the whole pages of the `length` bytes at `start` are in memory (Linux's
    /// mincore), of how many.
    fn resident_pages(start: *const u8, length: usize) -> (usize, usize) {
        // SAFETY: sysconf takes an integer and reads a value the C library keeps.
        let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as usize;
        let first = (start as usize).next_multiple_of(page);
        let end = (start as usize + length) / page * page;
        let mut resident = vec![0u8; (end - first) / page];
        // SAFETY: the range is whole pages of an allocation; mincore writes one byte a page into
        // `resident`, which has one byte for each.
        let status = unsafe {
            libc::mincore(
                first as *mut libc::c_void,
                end - first,
                resident.as_mut_ptr(),
            )
        };
        assert_eq!(status, 0, "mincore: {}", std::io::Error::last_os_error());
        let in_memory = resident.iter().filter(|state| *state & 1 == 1).count();
        (in_memory, resident.len())
    }

    #[test]
    fn the_memory_a_read_takes_is_in_memory_before_it_is_written() {
        // In a process of its own, alone: the other tests change malloc's settings and share
        // its arenas while they run.
        const ALONE: &str = "ALLOCATOR_TEST_ALONE";
        if std::env::var_os(ALONE).is_none() {
            let name =
                "sys::allocator::tests::the_memory_a_read_takes_is_in_memory_before_it_is_written";
            let status = std::process::Command::new(std::env::current_exe().unwrap())
                .args(["--exact", name, "--test-threads=1"])
                .env(ALONE, "1")
                .status()
                .unwrap();
            assert!(status.success(), "the test alone: {status}");
            return;
        }
        // With an unlimited lock limit it rightly does nothing (main locks every page):
        // lower this process's own limit so that what is tested is the populating.
        if memory_lock_unlimited() {
            let limit = libc::rlimit {
                rlim_cur: 8 << 20,
                rlim_max: libc::RLIM_INFINITY,
            };
            // SAFETY: setrlimit reads only the local struct.
            assert_eq!(unsafe { libc::setrlimit(libc::RLIMIT_MEMLOCK, &limit) }, 0);
        }
        // A document of 200 KB: more than malloc maps apart by default (128 KiB), less than
        // what stays in the heap for the read.
        let size = 200_000;
        ready_for_reading(size);
        // Allocated and never written: only the populating can have faulted its pages in.
        let plaintext: Vec<u8> = Vec::with_capacity(size);
        let (in_memory, pages) = resident_pages(plaintext.as_ptr(), size);
        assert_eq!(
            in_memory, pages,
            "pages of the plaintext's buffer in memory"
        );
    }
}
