//! A `.docx` package listing 100,000 entries (ZIP64 end record) is refused from its end record,
//! quickly and before any entry is parsed, with the count and the limit in the error.
#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

use chotatsu_core::input::docx::{DocxError, DocxLimits, read_docx};
use std::io::{Cursor, Write as _};
use std::time::{Duration, Instant};
use zip::write::SimpleFileOptions;

fn package(entries: usize) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("[Content_Types].xml", opts).unwrap();
    w.write_all(b"<Types/>").unwrap();
    for i in 1..entries {
        w.start_file(format!("m/{i}"), opts).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn a_package_with_100k_entries_is_refused_from_its_end_record() {
    let bytes = package(100_000);
    let t = Instant::now();
    let err = read_docx(&bytes, &DocxLimits::default()).unwrap_err();
    let took = t.elapsed();
    assert_eq!(err, DocxError::TooManyEntries { count: 100_000, limit: 10_000 });
    assert!(err.to_string().contains("100000 entries"), "{err}");
    assert!(took < Duration::from_secs(2), "refused before parsing the entries, took {took:?}");
    // Just under the limit the entries are listed and the missing document part is named.
    let small = package(10_000);
    assert!(matches!(
        read_docx(&small, &DocxLimits::default()),
        Err(DocxError::NotOoxml(_) | DocxError::MissingPart(_))
    ));
}
