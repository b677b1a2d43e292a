package dev.hardway.target.ssh;

/**
 * Told when a node's host key is seen for the first time and recorded (trust on first use), so the shell can
 * show the fingerprint the way {@code ssh} would. Called on the connecting thread.
 */
@FunctionalInterface
public interface HostKeyListener {

    /**
     * @param address     {@code host:port}
     * @param keyType     e.g. {@code ssh-ed25519}
     * @param fingerprint OpenSSH style, e.g. {@code SHA256:uXx...} (unpadded base64 of the SHA-256 of the key)
     */
    void firstContact(String node, String address, String keyType, String fingerprint);

    HostKeyListener NONE = (node, address, keyType, fingerprint) -> { };
}
