package tiddly.auth;

import com.nimbusds.jose.jwk.Curve;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import tiddly.StartupException;

/** auth.jwt_public_key: a PEM public key (or certificate) → an RSA key for RS256 or a P-256 key for ES256. */
final class PublicKeys {
    private static final int MIN_RSA_BITS = 2048;

    private PublicKeys() {}

    static PublicKey parse(String pem) {
        String text = pem.replace("\\n", "\n").strip(); // an environment variable may carry "\n" literally
        try {
            PublicKey key;
            if (text.startsWith("-----BEGIN CERTIFICATE-----")) {
                key = CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)))
                        .getPublicKey();
            } else if (text.startsWith("-----BEGIN PUBLIC KEY-----") && text.endsWith("-----END PUBLIC KEY-----")) {
                String body = text.substring(
                        "-----BEGIN PUBLIC KEY-----".length(), text.length() - "-----END PUBLIC KEY-----".length());
                key = spki(Base64.getMimeDecoder().decode(body));
            } else {
                throw new StartupException("auth.jwt_public_key must be PEM: '-----BEGIN PUBLIC KEY-----' (X.509"
                        + " SubjectPublicKeyInfo, as 'openssl pkey -pubout' writes) or '-----BEGIN CERTIFICATE-----'");
            }
            return checked(key);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new StartupException("auth.jwt_public_key is not a readable public key: " + e.getMessage(), e);
        }
    }

    private static PublicKey spki(byte[] der) throws GeneralSecurityException {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException notRsa) {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        }
    }

    private static PublicKey checked(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                throw new StartupException("auth.jwt_public_key is an RSA key of "
                        + rsa.getModulus().bitLength() + " bits; RS256 needs at least " + MIN_RSA_BITS);
            }
            return key;
        }
        if (key instanceof ECPublicKey ec) {
            if (!Curve.P_256.equals(Curve.forECParameterSpec(ec.getParams()))) {
                throw new StartupException(
                        "auth.jwt_public_key is an EC key on another curve than P-256, which ES256 needs");
            }
            return key;
        }
        throw new StartupException("auth.jwt_public_key is a " + key.getAlgorithm() + " key; use an RSA (RS256) or"
                + " P-256 EC (ES256) key");
    }
}
