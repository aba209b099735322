//! Letting go of the command that started a long-lived helper (the clipboard helper; the
//! session agent does the same): no open file but the three standard streams, so that a
//! pipe, lock or socket the caller handed down is not held for the helper's lifetime (`cmd
//! 3>&1 | cat` would wait for it), and `/` as its folder, so that the drive it was started
//! from can be unmounted. Done by the helper itself at its start, not between fork and exec,
//! where std keeps a descriptor of its own to report a failed exec.

/// Closes every descriptor above standard error and moves to `/`.
pub fn let_go_of_the_caller() {
    let _ = std::env::set_current_dir("/");
    let open: Option<Vec<i32>> = std::fs::read_dir("/proc/self/fd").ok().map(|dir| {
        dir.flatten()
            .filter_map(|e| e.file_name().to_str().and_then(|n| n.parse().ok()))
            .filter(|fd| *fd > 2)
            .collect()
    });
    // Without /proc (not Linux), every descriptor the limit allows.
    let open = open.unwrap_or_else(|| {
        // SAFETY: sysconf takes a plain integer.
        let max = unsafe { libc::sysconf(libc::_SC_OPEN_MAX) };
        (3..i32::try_from(max).unwrap_or(1024).clamp(3, 65_536)).collect()
    });
    for fd in open {
        // SAFETY: closing descriptors this process holds and no Rust object owns yet (it runs
        // first thing in the helper; the listing's own is closed already, and closing it
        // again, or one not open, fails harmlessly).
        unsafe { libc::close(fd) };
    }
}
