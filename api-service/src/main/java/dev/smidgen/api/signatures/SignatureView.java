package dev.smidgen.api.signatures;

import dev.smidgen.web.http.ApiVersion;
import dev.smidgen.web.http.Representable;
import java.util.LinkedHashMap;
import java.util.Map;

/** A signed URL as {@code POST /signatures} answers it, in the shape of each API version. */
public record SignatureView(SignatureRequest request, String signature, String url, String domain)
        implements Representable {
    @Override
    public Object render(ApiVersion version) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (version.envelope()) {
            m.put("url", url);
            m.put("signature", signature);
            m.put("expiry", request.expiry());
            m.put("method", request.method().wire());
            m.put("folder", request.folder());
            m.put("filename", request.filename());
            return m;
        }
        m.put("domain", domain);
        m.put("filename", request.filename());
        m.put("folder", request.folder());
        m.put("expiry", request.expiry());
        m.put("method", request.method().wire());
        m.put("signature", signature);
        m.put("url", url);
        return m;
    }
}
