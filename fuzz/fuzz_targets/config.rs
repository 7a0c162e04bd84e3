#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| chotatsu_fuzz::check_config(data));
