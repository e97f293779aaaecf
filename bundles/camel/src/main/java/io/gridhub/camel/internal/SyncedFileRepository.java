package io.gridhub.camel.internal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.camel.support.LRUCacheFactory;
import org.apache.camel.support.processor.idempotent.FileIdempotentRepository;

/**
 * The inbox's record of the files it took (Camel's file-backed idempotent repository), forced to disk each time a
 * file is added: a file copied in again after a crash is still recognized as taken.
 */
final class SyncedFileRepository extends FileIdempotentRepository {
    SyncedFileRepository(File file, int cacheSize) {
        super(file, LRUCacheFactory.newLRUCache(cacheSize));
        setCacheSize(cacheSize);
    }

    @Override
    public boolean add(String key) {
        boolean added = super.add(key);
        if (added && getFileStore().exists()) {
            try {
                Durable.force(getFileStore().toPath());
            } catch (IOException e) {
                throw new UncheckedIOException("the inbox's record " + getFileStore() + " cannot be forced", e);
            }
        }
        return added;
    }
}
