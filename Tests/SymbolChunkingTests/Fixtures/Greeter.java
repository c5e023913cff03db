package com.example.greeting;

import java.util.List;
import java.util.Locale;

/** Builds greetings in the user's language. */
public class Greeter {
    private final Locale locale;
    private int greeted;

    public Greeter(Locale locale) {
        this.locale = locale;
    }

    public String greet(String name) {
        greeted++;
        if (locale.getLanguage().equals("fr")) {
            return "Bonjour, " + name + " !";
        }
        return "Hello, " + name + "!";
    }

    public List<String> greetAll(List<String> names) {
        return names.stream()
            .map(this::greet)
            .toList();
    }

    enum Style { FORMAL, CASUAL }
}
