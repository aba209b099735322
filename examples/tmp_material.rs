use std::time::Instant;
fn main() {
    let text = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    for _ in 0..5 {
        let t = Instant::now();
        let tables = mfa_kit::core::document::account_tables(&text).unwrap();
        let t1 = t.elapsed();
        let m = mfa_kit::core::material::sealed_material(&tables, |_, _| ()).unwrap();
        let t2 = t.elapsed();
        let sound = tables.rest_is_sound();
        let t3 = t.elapsed();
        println!(
            "tables {:?} material {:?} rest {:?} ({} {})",
            t1,
            t2 - t1,
            t3 - t2,
            m.accounts.len(),
            sound
        );
    }
}
