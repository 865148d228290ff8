package dev.smidgen.model;

/** The prefix of every public id, one per resource type (docs/api/contract.md#ids). */
public enum IdPrefix {
    FILE("file"),
    MEDIA("med"),
    TASK("task"),
    UPLOAD("upl"),
    PROJECT("prj"),
    ORG("org"),
    KEY("key"),
    AUTOMATION("auto"),
    WEBHOOK("wh"),
    EVENT("evt"),
    JOB("job"),
    CONNECTION("con"),
    DELIVERY("whd"),
    REQUEST("req");

    private final String prefix;

    IdPrefix(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }
}
