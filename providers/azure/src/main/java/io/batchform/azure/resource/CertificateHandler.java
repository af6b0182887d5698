package io.batchform.azure.resource;

import com.azure.resourcemanager.batch.fluent.CertificatesClient;
import com.azure.resourcemanager.batch.fluent.models.CertificateInner;
import com.azure.resourcemanager.batch.models.CertificateCreateOrUpdateParameters;
import com.azure.resourcemanager.batch.models.CertificateFormat;
import io.batchform.address.ResourceType;
import io.batchform.provider.Attributes;
import io.batchform.provider.Provider;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Batch certificates (retired by Azure: a create now fails with Azure's own error): listed per account, never
 * changed in place.
 */
final class CertificateHandler implements ResourceHandler {
    private final AzureClients azure;

    CertificateHandler(AzureClients azure) {
        this.azure = azure;
    }

    private CertificatesClient certificates() {
        return azure.batch().serviceClient().getCertificates();
    }

    @Override
    public String batchKey(String id) {
        return ArmId.parse(id).accountKey("certificates");
    }

    @Override
    public void read(String id, Set<ResourceType> types, Map<String, Attributes> found) {
        ArmId arm = ArmId.parse(id);
        certificates().listByBatchAccount(arm.resourceGroup(), arm.name(0)).forEach(c -> found.put(c.id(), attributes(c)));
    }

    @Override
    public Attributes create(Provider.CreateRequest request) {
        ArmId id = ArmId.parse(request.id());
        Attributes desired = request.desired();
        return attributes(certificates().create(id.resourceGroup(), id.name(0), id.name(1),
                new CertificateCreateOrUpdateParameters()
                        .withData(desired.string("data")).withPassword(desired.string("password"))
                        .withFormat(CertificateFormat.fromString(Optional.ofNullable(desired.string("format")).orElse("Pfx")))
                        .withThumbprint(desired.string("thumbprint"))
                        .withThumbprintAlgorithm(Optional.ofNullable(desired.string("thumbprintAlgorithm")).orElse("SHA1"))));
    }

    @Override
    public Attributes update(Provider.UpdateRequest request) {
        throw new ResourceFailure("CannotUpdateInPlace",
                ResourceType.CERTIFICATE.typeName() + " has no attribute that changes in place; it is replaced");
    }

    @Override
    public void delete(Provider.DeleteRequest request) {
        ArmId id = ArmId.parse(request.id());
        certificates().delete(id.resourceGroup(), id.name(0), id.name(1));
    }

    private static Attributes attributes(CertificateInner certificate) {
        Map<String, Object> a = new TreeMap<>();
        a.put("id", certificate.id());
        a.put("name", certificate.name());
        a.put("format", Values.text(certificate.format()));
        a.put("thumbprint", certificate.thumbprint());
        a.put("thumbprintAlgorithm", certificate.thumbprintAlgorithm());
        a.put("provisioningState", Values.text(certificate.provisioningState()));
        return Attributes.of(a);
    }
}
