package org.vdsolab.devices;

import org.vdsolab.api.device.DeviceSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one device family accepts: its parameters (each with a default and a one-line meaning)
 * and its named profiles (calibrated parameter sets). {@link #resolve} turns a {@link DeviceSpec}
 * into {@link DeviceParams}: parameter defaults, overridden by the chosen profile, overridden by the
 * spec's own parameters; an unknown profile or parameter is refused with a message naming it and
 * listing what is allowed.
 *
 * <p>Built once in a provider's static initialiser and never changed afterwards, so it is safely
 * published and thread-safe to read.
 */
final class ParamSchema {

    /** One parameter: its key, its default ({@code null}: none, the model decides) and its meaning. */
    record Param(String key, String defaultValue, String meaning) { }

    /** One profile: its name, where its figures come from, and the parameter values it sets. */
    record Profile(String name, String source, Map<String, String> values) { }

    private final String device;
    private final Map<String, Param> params = new LinkedHashMap<>();
    private final Map<String, Profile> profiles = new LinkedHashMap<>();
    private String defaultProfile;

    ParamSchema(String device) {
        this.device = device;
    }

    ParamSchema param(String key, String defaultValue, String meaning) {
        params.put(key, new Param(key, defaultValue, meaning));
        return this;
    }

    /**
     * Adds a profile; {@code keyValues} alternates keys and values.
     *
     * @throws IllegalStateException if a key is not a declared parameter (a programming error)
     */
    ParamSchema profile(String name, String source, String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalStateException(device + " profile '" + name + "': keys and values must pair up");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (!params.containsKey(keyValues[i])) {
                throw new IllegalStateException(device + " profile '" + name + "' sets undeclared parameter '" + keyValues[i] + "'");
            }
            values.put(keyValues[i], keyValues[i + 1]);
        }
        profiles.put(name, new Profile(name, source, Map.copyOf(values)));
        return this;
    }

    /** The profile used when a spec names none; without one, a spec without profile uses the parameter defaults. */
    ParamSchema defaultProfile(String name) {
        if (!profiles.containsKey(name)) {
            throw new IllegalStateException(device + " default profile '" + name + "' is not declared");
        }
        this.defaultProfile = name;
        return this;
    }

    String device() { return device; }

    List<String> profileNames() { return List.copyOf(profiles.keySet()); }

    List<Param> params() { return List.copyOf(params.values()); }

    Profile profile(String name) { return profiles.get(name); }

    /**
     * The parameters {@code spec} selects.
     *
     * @throws IllegalArgumentException for an unknown profile or parameter, listing the allowed ones
     */
    DeviceParams resolve(DeviceSpec spec) {
        String requested = spec.profile() == null || spec.profile().isBlank() ? defaultProfile : spec.profile().strip();
        Profile profile = null;
        if (requested != null) {
            profile = profiles.get(requested);
            if (profile == null) {
                throw new IllegalArgumentException(device + ": unknown profile '" + requested + "'; allowed: "
                        + (profiles.isEmpty() ? "none (this model takes parameters only)" : String.join(", ", profiles.keySet())));
            }
        }
        for (String key : spec.params().keySet()) {
            if (!params.containsKey(key)) {
                throw new IllegalArgumentException(device + ": unknown parameter '" + key + "'; allowed: "
                        + String.join(", ", params.keySet()));
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Param p : params.values()) {
            if (p.defaultValue() != null) {
                values.put(p.key(), p.defaultValue());
            }
        }
        if (profile != null) {
            values.putAll(profile.values());
        }
        for (Map.Entry<String, String> e : spec.params().entrySet()) {
            if (e.getValue() == null) {
                throw new IllegalArgumentException(device + ": parameter '" + e.getKey() + "' has no value");
            }
            values.put(e.getKey(), e.getValue().strip());
        }
        return new DeviceParams(device, requested, values);
    }

    /** One line for {@code ./vdsolab list}: profiles (the default marked) and parameter keys. */
    String summary() {
        List<String> names = new ArrayList<>();
        for (String name : profiles.keySet()) {
            names.add(name.equals(defaultProfile) ? name + " (default)" : name);
        }
        return (names.isEmpty() ? "" : "profiles: " + String.join(", ", names) + "; ")
                + "parameters: " + String.join(", ", params.keySet());
    }
}
