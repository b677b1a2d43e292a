package dev.hardway.target.ssh;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The lab's known_hosts file, shared by all sessions of a pool. Parsing, matching and writing are JSch's own
 * {@code KnownHosts}; this class adds trust on first use (record and report a new key instead of asking) and keeps
 * the details of a changed key so the refusal can name both fingerprints.
 */
final class KnownHostsStore {

    private final Path file;
    private final HostKeyRepository known;

    KnownHostsStore(Path file) throws IOException {
        this.file = file.toAbsolutePath();
        if (this.file.getParent() != null) {
            Files.createDirectories(this.file.getParent());
        }
        if (!Files.exists(this.file)) {
            // JSch only writes new keys into a file that exists (it would otherwise ask through UserInfo).
            Files.createFile(this.file);
            try {
                Files.setPosixFilePermissions(this.file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the default permissions will do
            }
        }
        JSch holder = new JSch();
        try {
            holder.setKnownHosts(this.file.toString());
        } catch (JSchException e) {
            throw new IOException("cannot read " + this.file + ": " + e.getMessage(), e);
        }
        this.known = holder.getHostKeyRepository();
    }

    Path file() {
        return file;
    }

    /** A repository for one session: reports first contact for {@code node} and remembers a mismatch. */
    NodeView forNode(String node, String address, HostKeyListener listener) {
        return new NodeView(node, address, listener);
    }

    /** {@code SHA256:<unpadded base64>} of a public key blob, as {@code ssh-keygen -l} prints it. */
    static String fingerprint(byte[] keyBlob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(keyBlob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** What made a connection fail the host key check. */
    record Mismatch(String knownHostsName, String keyType, List<String> recorded, String presented) {
    }

    final class NodeView implements HostKeyRepository {
        private final String node;
        private final String address;
        private final HostKeyListener listener;
        private volatile Mismatch mismatch;

        private NodeView(String node, String address, HostKeyListener listener) {
            this.node = node;
            this.address = address;
            this.listener = listener;
        }

        Mismatch mismatch() {
            return mismatch;
        }

        @Override
        public int check(String host, byte[] key) {
            HostKey presented;
            try {
                presented = new HostKey(host, key);
            } catch (JSchException e) {
                return known.check(host, key); // a key type JSch cannot name: let it decide (NOT_INCLUDED → refused)
            }
            int result;
            synchronized (known) {
                result = known.check(host, key);
                if (result == NOT_INCLUDED) {
                    known.add(presented, null); // JSch appends it to the file
                    result = OK;
                } else if (result == CHANGED) {
                    List<String> recorded = new ArrayList<>();
                    for (HostKey hk : known.getHostKey(host, presented.getType())) {
                        recorded.add(fingerprint(Base64.getDecoder().decode(hk.getKey())));
                    }
                    mismatch = new Mismatch(host, presented.getType(), recorded, fingerprint(key));
                    return result;
                } else {
                    return result;
                }
            }
            listener.firstContact(node, address, presented.getType(), fingerprint(key));
            return result;
        }

        @Override
        public void add(HostKey hostkey, UserInfo ui) {
            synchronized (known) {
                known.add(hostkey, ui);
            }
        }

        @Override
        public void remove(String host, String type) {
            synchronized (known) {
                known.remove(host, type);
            }
        }

        @Override
        public void remove(String host, String type, byte[] key) {
            synchronized (known) {
                known.remove(host, type, key);
            }
        }

        @Override
        public String getKnownHostsRepositoryID() {
            return known.getKnownHostsRepositoryID();
        }

        @Override
        public HostKey[] getHostKey() {
            synchronized (known) {
                return known.getHostKey();
            }
        }

        @Override
        public HostKey[] getHostKey(String host, String type) {
            synchronized (known) {
                return known.getHostKey(host, type);
            }
        }
    }
}
