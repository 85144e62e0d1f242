package dev.hd.gitstore;

import java.io.IOException;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * Makes JGit read no git configuration but the repository's own ({@code .git/config}): not
 * the user's {@code ~/.gitconfig}, not the system's, not JGit's. What a revision resolves
 * to and which files a stack holds must not depend on who runs hd. Installed once per JVM
 * (JGit's {@link SystemReader} is process-wide).
 */
final class IsolatedGitConfig {
    private static final String FILESYSTEM = "filesystem";
    private static final String TIMESTAMP_RESOLUTION = "timestampResolution";
    private static final String MIN_RACY_THRESHOLD = "minRacyThreshold";
    private static boolean installed;

    private IsolatedGitConfig() {
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        SystemReader.setInstance(new SystemReader.Delegate(SystemReader.getInstance()) {
            @Override
            public FileBasedConfig openUserConfig(Config parent, FS fs) {
                return empty(parent, fs);
            }

            @Override
            public FileBasedConfig openSystemConfig(Config parent, FS fs) {
                return empty(parent, fs);
            }

            @Override
            public FileBasedConfig openJGitConfig(Config parent, FS fs) {
                return empty(parent, fs);
            }

            @Override
            public StoredConfig getUserConfig() throws ConfigInvalidException, IOException {
                return empty(null, FS.DETECTED);
            }

            @Override
            public StoredConfig getSystemConfig() throws ConfigInvalidException, IOException {
                return empty(null, FS.DETECTED);
            }

            @Override
            public StoredConfig getJGitConfig() throws ConfigInvalidException, IOException {
                return empty(null, FS.DETECTED);
            }
        });
        installed = true;
    }

    private static FileBasedConfig empty(Config parent, FS fs) {
        return new FileBasedConfig(parent, null, fs) {
            @Override
            public String getString(String section, String subsection, String name) {
                // JGit keeps what it measured of a file system's timestamps in the user config;
                // without one it measures again in every process, which takes seconds. Answer
                // with its own conservative fallback instead (files changed in the last two
                // seconds are compared by content, never trusted by their stat).
                if (FILESYSTEM.equals(section) && subsection != null) {
                    if (TIMESTAMP_RESOLUTION.equals(name)) {
                        return FS.FileStoreAttributes.FALLBACK_TIMESTAMP_RESOLUTION.toMillis() + " milliseconds";
                    }
                    if (MIN_RACY_THRESHOLD.equals(name)) {
                        return "0 milliseconds";
                    }
                }
                return super.getString(section, subsection, name);
            }

            @Override
            public void load() {
                // nothing to read
            }

            @Override
            public boolean isOutdated() {
                return false;
            }

            @Override
            public void save() {
                // hd writes no global git configuration (JGit would cache file system timings there)
            }
        };
    }
}
