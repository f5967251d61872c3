package io.mqttspring.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.mqttspring.broker.security.AclAuthorizer;
import io.mqttspring.broker.security.AclRule;
import io.mqttspring.broker.security.AclRule.Subject;
import io.mqttspring.broker.security.Authenticator;
import io.mqttspring.broker.security.Authorizer;
import io.mqttspring.broker.security.MosquittoAclFile;
import io.mqttspring.broker.security.MosquittoPasswordFile;
import io.mqttspring.broker.security.UserDirectory;
import io.mqttspring.broker.security.UserDirectoryAuthenticator;
import io.mqttspring.security.EncodedPasswordUsers;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.ClassUtils;

/**
 * The authenticator and authorizer {@code mqtt.broker.security.*} describes: users from properties and a Mosquitto
 * password file, rules from properties and a Mosquitto ACL file. A mistake fails start-up naming the property.
 */
final class PropertiesSecurity {

    private static final String PREFIX = "mqtt.broker.security.";

    private PropertiesSecurity() {
    }

    /**
     * Return the authenticator the properties describe, asking the given directories after them.
     * @param security the properties
     * @param more further directories, such as the application's Spring Security users
     * @return the authenticator, or {@code null} when no users are configured
     */
    static @Nullable Authenticator authenticator(MqttBrokerProperties.Security security, List<UserDirectory> more) {
        List<UserDirectory> directories = new ArrayList<>(2);
        if (!security.getUsers().isEmpty()) {
            if (!ClassUtils.isPresent("org.springframework.security.crypto.password.PasswordEncoder",
                    PropertiesSecurity.class.getClassLoader())) {
                throw new InvalidConfigurationPropertyValueException(PREFIX + "users", security.getUsers().keySet(),
                        "needs spring-security-crypto on the class path for its password encoders");
            }
            directories.add(encodedUsers(security.getUsers()));
        }
        if (security.getPasswordFile() != null) {
            try {
                directories.add(MosquittoPasswordFile.read(security.getPasswordFile()));
            }
            catch (IllegalArgumentException ex) {
                throw new InvalidConfigurationPropertyValueException(PREFIX + "password-file",
                        security.getPasswordFile(), ex.getMessage());
            }
        }
        directories.addAll(more);
        return directories.isEmpty() ? null : new UserDirectoryAuthenticator(directories);
    }

    private static UserDirectory encodedUsers(Map<String, MqttBrokerProperties.Security.User> users) {
        Map<String, String> passwords = new LinkedHashMap<>();
        users.forEach((name, user) -> {
            if (user.getPassword() == null || user.getPassword().isEmpty()) {
                throw new InvalidConfigurationPropertyValueException(PREFIX + "users." + name + ".password", null,
                        "a user needs a password");
            }
            passwords.put(name, user.getPassword());
        });
        try {
            return new EncodedPasswordUsers(passwords);
        }
        catch (IllegalArgumentException ex) {
            // never the password itself
            throw new InvalidConfigurationPropertyValueException(PREFIX + "users", "(hidden)", ex.getMessage());
        }
    }

    /**
     * Return the authorizer the properties describe.
     * @param security the properties
     * @return the authorizer, or {@code null} when no rules are configured
     */
    static @Nullable Authorizer authorizer(MqttBrokerProperties.Security security) {
        List<AclRule> rules = new ArrayList<>();
        List<MqttBrokerProperties.Security.AclRule> configured = security.getAcl();
        for (int i = 0; i < configured.size(); i++) {
            rules.add(rule(configured.get(i), PREFIX + "acl[" + i + "]"));
        }
        if (security.getAclFile() != null) {
            try {
                rules.addAll(MosquittoAclFile.read(security.getAclFile()));
            }
            catch (IllegalArgumentException ex) {
                throw new InvalidConfigurationPropertyValueException(PREFIX + "acl-file", security.getAclFile(),
                        ex.getMessage());
            }
        }
        return (configured.isEmpty() && security.getAclFile() == null) ? null : new AclAuthorizer(rules);
    }

    private static AclRule rule(MqttBrokerProperties.Security.AclRule rule, String property) {
        if (rule.getTopic() == null) {
            throw new InvalidConfigurationPropertyValueException(property + ".topic", null, "a rule needs a topic");
        }
        int subjects = ((rule.getUser() != null) ? 1 : 0) + ((rule.getClientId() != null) ? 1 : 0)
                + ((rule.getCertificate() != null) ? 1 : 0);
        if (subjects > 1) {
            throw new InvalidConfigurationPropertyValueException(property, rule.getTopic(),
                    "give at most one of user, client-id and certificate");
        }
        Subject subject = (rule.getUser() != null) ? Subject.user(rule.getUser())
                : (rule.getClientId() != null) ? Subject.clientId(rule.getClientId())
                        : (rule.getCertificate() != null) ? Subject.certificate(rule.getCertificate())
                                : Subject.anyone();
        try {
            return new AclRule(rule.getPermission(), rule.getActions(), subject, rule.getTopic());
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidConfigurationPropertyValueException(property, rule.getTopic(), ex.getMessage());
        }
    }

}
