package io.mqttspring.broker.persistence.rocksdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.rocksdb.NativeLibraryLoader;
import org.rocksdb.RocksDB;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads RocksDB's native library without leaving a copy behind. RocksDB on its own extracts the library from its jar
 * into a new temporary file (about 15 MB) that only a normal JVM exit removes, so every crash, the case the store is
 * there for, would leave one more in the temporary directory. Here it is extracted into a directory of its own and
 * deleted as soon as it is loaded, which Linux and macOS allow for a mapped library. An operator who points
 * {@code ROCKSDB_SHAREDLIB_DIR} somewhere keeps RocksDB's own behaviour.
 */
final class RocksDbLibrary {

    private static final Logger logger = LoggerFactory.getLogger(RocksDbLibrary.class);

    private static boolean loaded;

    private RocksDbLibrary() {
    }

    static synchronized void load() {
        if (loaded) {
            return;
        }
        String sharedLibraryDir = System.getenv("ROCKSDB_SHAREDLIB_DIR");
        if (sharedLibraryDir == null || sharedLibraryDir.isEmpty()) {
            extractLoadAndDelete();
        }
        RocksDB.loadLibrary();
        loaded = true;
    }

    private static void extractLoadAndDelete() {
        Path dir;
        try {
            dir = Files.createTempDirectory("mqtt-broker-rocksdb");
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not create a directory for RocksDB's native library", ex);
        }
        try {
            NativeLibraryLoader.getInstance().loadLibrary(dir.toString());
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not load RocksDB's native library", ex);
        }
        finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        }
        catch (IOException ex) {
            // Windows keeps a loaded library locked; the JVM's exit hook RocksDB registered removes it there
            logger.debug("Could not delete {} after loading RocksDB", dir, ex);
        }
    }

}
