package io.mqttspring.broker.persistence.rocksdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.rocksdb.CompressionType;
import org.rocksdb.NativeLibraryLoader;
import org.rocksdb.RocksDB;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads RocksDB's native library without leaving a copy behind. RocksDB on its own extracts the library from its jar
 * into a new temporary file (about 15 MB) that only a normal JVM exit removes, so every crash, the case the store is
 * there for, would leave one more in the temporary directory. Here it is extracted into a directory of its own and
 * deleted as soon as it is loaded, which Linux and macOS allow for a mapped library. Windows does not let a loaded
 * DLL go, so there, and for an operator who points {@code ROCKSDB_SHAREDLIB_DIR} somewhere, RocksDB loads it its own
 * way.
 */
final class RocksDbLibrary {

    private static final Logger logger = LoggerFactory.getLogger(RocksDbLibrary.class);

    private RocksDbLibrary() {
    }

    /**
     * Load the library; called from {@link RocksDbStore}'s class initialiser. RocksDB's loader remembers that it
     * loaded the library, so a second call extracts nothing.
     */
    static void load() {
        String sharedLibraryDir = System.getenv("ROCKSDB_SHAREDLIB_DIR");
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        if ((sharedLibraryDir == null || sharedLibraryDir.isEmpty()) && !windows) {
            loadCompressionLibraries();
            extractLoadAndDelete();
        }
        // after the above, RocksDB finds its library loaded and only tries the compression libraries again
        RocksDB.loadLibrary();
    }

    // as RocksDB.loadLibrary() does first: a build of RocksDB linked against the system's compression libraries
    // needs them loaded before itself, and the official jar (linked statically) needs none of them
    private static void loadCompressionLibraries() {
        for (CompressionType type : CompressionType.values()) {
            String name = type.getLibraryName();
            if (name != null) {
                try {
                    System.loadLibrary(name);
                }
                catch (UnsatisfiedLinkError ex) {
                    logger.trace("Compression library {} not loaded", name, ex);
                }
            }
        }
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
            logger.debug("Could not delete {} after loading RocksDB", dir, ex);
        }
    }

}
