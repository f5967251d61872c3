package io.mqttspring.broker.config;

/**
 * Which name of a client certificate identifies the client, for ACL rules and, when configured, as its user name.
 */
public enum CertificateIdentity {

    /** The common name (CN) of the subject, as Mosquitto's {@code use_identity_as_username} reads it. */
    SUBJECT_CN,

    /** The first DNS subject alternative name. */
    SAN_DNS,

    /** The first e-mail (RFC 822) subject alternative name. */
    SAN_EMAIL,

    /** The first URI subject alternative name, as SPIFFE identities are carried. */
    SAN_URI

}
