# Encrypting Secrets at rest

Everything the API stores ends up in etcd, on the disks of <#list cluster.masters as m>${m.name}<#sep>, </#list>.
Without extra configuration a Secret is written there in clear (base64 is an encoding, not encryption): anyone
with a copy of `/var/lib/etcd` or an etcd backup can read every password and token of the cluster.

kube-apiserver can encrypt chosen resources before it writes them. Its `--encryption-provider-config` file
lists, per resource, the providers to use:

```yaml
apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers:
      - secretbox:            # writes: the FIRST provider encrypts
          keys:
            - name: key1
              secret: <32 random bytes, base64>
      - identity: {}          # reads: data written before encryption was on is still readable
```

- **secretbox** (XSalsa20 + Poly1305) is authenticated encryption with a 32-byte key and random nonces; it is
  fast and has no nonce-reuse pitfall. `aescbc` also works (older, no integrity protection);
  `aesgcm` needs key rotation every 200 000 writes. Production clusters often use a KMS provider instead, so the
  key never sits on the master's disk.
- Writes use the first provider; reads try each in turn, recognising the prefix
  (`k8s:enc:secretbox:v1:key1:`) that encrypted values carry in etcd.

## One key for all masters

Each of the ${cluster.masters?size} API server<#if cluster.masters?size != 1>s</#if> must be able to read what any other wrote, so they share **one**
key. It is generated once on the jumpbox (`/root/pki/encryption-key`) and the step refuses to overwrite it:
replacing the key would leave every stored Secret unreadable ("failed to decrypt"). To rotate, you add a new
key in front of the old one, restart the API servers, rewrite all Secrets, then drop the old key.

The file holds the key in clear, so it is `0600` and root's only, like the CA key. After lesson 06 you can
prove encryption works:
`etcdctl get /registry/secrets/default/NAME | hexdump -C` shows `k8s:enc:secretbox:v1:key1` instead of your data.
