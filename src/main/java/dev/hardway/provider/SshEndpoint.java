package dev.hardway.provider;

import java.nio.file.Path;

/**
 * Where hardway connects to reach a node over SSH.
 *
 * @param node    the node name
 * @param host    host name or address to connect to (for Vagrant often 127.0.0.1 with a forwarded port)
 * @param port    TCP port
 * @param user    login user
 * @param keyPath private key file, or null to use the SSH agent / default keys
 */
public record SshEndpoint(String node, String host, int port, String user, Path keyPath) {
}
