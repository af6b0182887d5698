package io.batchform.azure.resource;

import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.management.exception.ManagementException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The Batch accounts whose data plane a handler reaches: what it needs of each (its name, {@code accountEndpoint} and
 * allowed authentication modes, read once through Resource Manager), and a {@link BatchServiceJson} client per
 * account and way of signing: Entra ID (a token for {@value #SCOPE}, from the same credential as Resource Manager)
 * or the account's shared key (listKeys, asked once). Made once per handler, so one bearer policy keeps its token.
 */
final class DataPlaneAccounts {
    static final String SCOPE = "https://batch.core.windows.net//.default";

    private final AzureClients azure;
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final Map<String, BatchServiceJson> clients = new ConcurrentHashMap<>();

    DataPlaneAccounts(AzureClients azure) {
        this.azure = azure;
    }

    /** What the data plane needs of an account: its ARM id, name, endpoint and allowed authentication modes. */
    record Account(String id, String name, String endpoint, List<String> modes) {
        /** Whether the account allows shared keys only (so Entra ID is not tried). */
        boolean sharedKeyOnly() {
            return !modes.isEmpty() && !modes.contains("AAD");
        }

        /** Whether a refused token may be followed by the shared key. */
        boolean allowsSharedKey() {
            return modes.isEmpty() || modes.contains("SharedKey");
        }
    }

    /** The account with this ARM id, read once. */
    Account account(String accountId) {
        return accounts.computeIfAbsent(accountId.toLowerCase(Locale.ROOT), k -> {
            Map<String, Object> account = azure.batchJson().get(accountId);
            Map<String, Object> properties = ServiceMaps.map(account.get("properties"));
            List<String> modes = new ArrayList<>();
            if (properties.get("allowedAuthenticationModes") instanceof List<?> list) {
                list.forEach(m -> modes.add(String.valueOf(m)));
            }
            Object endpoint = properties.get("accountEndpoint");
            if (endpoint == null) {
                throw new ResourceFailure("AccountEndpointUnknown", "the Batch account " + accountId
                        + " reports no accountEndpoint yet");
            }
            return new Account(accountId, String.valueOf(account.get("name")), String.valueOf(endpoint), modes);
        });
    }

    /** The account's data-plane client signed one way, made once. */
    BatchServiceJson client(Account account, boolean sharedKey) {
        return clients.computeIfAbsent(account.id().toLowerCase(Locale.ROOT) + (sharedKey ? "#key" : "#entra"), k -> {
            if (sharedKey) {
                Map<String, Object> keys = azure.batchJson().send("POST", account.id() + "/listKeys", null);
                return new BatchServiceJson(azure.dataPlane(new SharedKeyPolicy(account.name(),
                        String.valueOf(keys.get("primary")))), account.endpoint());
            }
            return new BatchServiceJson(azure.dataPlane(new BearerTokenAuthenticationPolicy(azure.credential(),
                    SCOPE)), account.endpoint());
        });
    }

    /**
     * A read that has only the account: Entra ID unless the account allows only shared keys, and the shared key when
     * the service refuses the token (401, 403) and the account allows it.
     */
    <T> T read(Account account, Function<BatchServiceJson, T> call) {
        boolean sharedKeyOnly = account.sharedKeyOnly();
        try {
            return call.apply(client(account, sharedKeyOnly));
        } catch (ManagementException e) {
            boolean refused = e.getResponse() != null && (e.getResponse().getStatusCode() == 401
                    || e.getResponse().getStatusCode() == 403);
            if (!refused || sharedKeyOnly || !account.allowsSharedKey()) {
                throw e;
            }
            return call.apply(client(account, true));
        }
    }
}
