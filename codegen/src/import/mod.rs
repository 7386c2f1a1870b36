//! Doc page importer (work in progress).
