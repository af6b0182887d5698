package io.batchform.state;

import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cloud a state belongs to, recorded in the state on its first write: an Azure subscription, an ARM endpoint
 * (a running emulator) with the subscription it serves, or the embedded emulator with its data directory. A run whose
 * target is another is refused, so a state is never applied to, or rewritten from, the wrong cloud.
 *
 * @param cloud        which kind of cloud
 * @param subscription the subscription id (Azure and endpoints; the emulator's fixed one for the embedded emulator)
 * @param location     the embedded emulator's data directory, or the endpoint's URL; null for Azure
 */
public record Target(Cloud cloud, String subscription, String location) {
    /** The kinds of cloud; the name is what state.json records. */
    public enum Cloud {
        AZURE("azure"), ENDPOINT("endpoint"), EMULATOR("emulator");

        private final String json;

        Cloud(String json) {
            this.json = json;
        }

        public String json() {
            return json;
        }

        public static Cloud fromJson(String text) {
            for (Cloud cloud : values()) {
                if (cloud.json.equals(text)) {
                    return cloud;
                }
            }
            throw new IllegalArgumentException("unknown cloud '" + text + "' (expected azure, endpoint or emulator)");
        }
    }

    /** The subscription the embedded emulator serves when no other is configured. */
    private static final String EMULATOR_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
    private static final Pattern SUBSCRIPTION = Pattern.compile("(?i)^/subscriptions/([^/]+)/");

    public Target {
        Objects.requireNonNull(cloud, "cloud");
        Objects.requireNonNull(subscription, "subscription");
        if (cloud != Cloud.AZURE) {
            Objects.requireNonNull(location, "location");
        }
    }

    public static Target azure(String subscription) {
        return new Target(Cloud.AZURE, subscription, null);
    }

    public static Target endpoint(String endpoint, String subscription) {
        return new Target(Cloud.ENDPOINT, subscription, endpoint);
    }

    public static Target emulator(String subscription, String dataDirectory) {
        return new Target(Cloud.EMULATOR, subscription, dataDirectory);
    }

    /**
     * Whether a run against {@code other} may use a state bound to this target: the same subscription in Azure; the
     * same data directory and subscription for the embedded emulator; the same subscription behind an endpoint (a
     * running emulator listens on a new port each time it starts, so the URL alone does not name it).
     */
    public boolean accepts(Target other) {
        if (cloud != other.cloud) {
            return false;
        }
        return switch (cloud) {
            case AZURE, ENDPOINT -> subscription.equalsIgnoreCase(other.subscription);
            // Its data holds every subscription's resources: a run in another one would plan every id anew.
            case EMULATOR -> location.equals(other.location) && subscription.equalsIgnoreCase(other.subscription);
        };
    }

    /** How messages name it: {@code Azure subscription 1234...}, {@code the embedded ARM emulator (data in DIR)}. */
    @Override
    public String toString() {
        return switch (cloud) {
            case AZURE -> "Azure subscription " + subscription;
            case ENDPOINT -> "the ARM endpoint " + location + " (subscription " + subscription + ")";
            case EMULATOR -> "the embedded ARM emulator (" + (subscription.equals(EMULATOR_SUBSCRIPTION) ? ""
                    : "subscription " + subscription + ", ") + "data in " + location + ")";
        };
    }

    /**
     * Why a run against {@code running} must not use {@code state}; empty when it may. A state recorded with a
     * target must be used with one it {@link #accepts}. A state written before targets were recorded is judged by the
     * subscriptions its resource ids name: they must include the running one's (it is bound on its next write).
     */
    public static Optional<String> refusal(State state, Target running) {
        if (state.target() != null) {
            return state.target().accepts(running) ? Optional.empty()
                    : Optional.of("belongs to " + state.target() + ", not to " + running);
        }
        TreeSet<String> subscriptions = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (ResourceState resource : state.resources()) {
            Matcher matcher = SUBSCRIPTION.matcher(resource.id() == null ? "" : resource.id());
            if (matcher.find()) {
                subscriptions.add(matcher.group(1));
            }
        }
        if (subscriptions.isEmpty() || subscriptions.contains(running.subscription())) {
            return Optional.empty();
        }
        return Optional.of("records resources in subscription " + String.join(", ", subscriptions) + ", not in "
                + running);
    }
}
