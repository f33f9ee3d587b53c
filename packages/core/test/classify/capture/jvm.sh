# Java: javac, the JVM, JUnit 4 and 5 (Debian's jars), Maven offline over Debian's repository.
# Gradle and Kotlin are not installable here: their fixtures are hand-written (*.hand.txt).

junit4=/usr/share/java/junit4.jar:/usr/share/java/hamcrest-core.jar
junit5=/usr/share/java/junit-platform-console-standalone.jar

d=$(project javac-cannot-find-symbol)
put "$d" App.java <<'JAVA'
public class App {
    public static void main(String[] args) {
        System.out.println(formatTotal(3));
    }
}
JAVA
cap javac-cannot-find-symbol missing_symbol javac/cannot-find-symbol "$d" 'javac App.java'
d=$(project javac-package-missing)
put "$d" App.java <<'JAVA'
import com.google.gson.Gson;

public class App {
    public static void main(String[] args) {
        System.out.println(new Gson().toJson(args));
    }
}
JAVA
cap javac-package-missing missing_dependency javac/package-missing "$d" 'javac App.java'
d=$(project javac-incompatible-types)
put "$d" App.java <<'JAVA'
public class App {
    static int port() { return 8080; }
    public static void main(String[] args) {
        String address = port();
        System.out.println(address);
    }
}
JAVA
cap javac-incompatible-types type_error javac/incompatible-types "$d" 'javac App.java'
d=$(project javac-syntax)
put "$d" App.java <<'JAVA'
public class App {
    public static void main(String[] args) {
        int total = 3
        System.out.println(total);
    }
}
JAVA
cap javac-syntax syntax_error javac/syntax "$d" 'javac App.java'
d=$(project javac-missing-return)
put "$d" App.java <<'JAVA'
public class App {
    static int sign(int n) {
        if (n > 0) return 1;
    }
    public static void main(String[] args) { System.out.println(sign(2)); }
}
JAVA
cap javac-missing-return type_error javac/error "$d" 'javac App.java'
d=$(project java-exception)
put "$d" App.java <<'JAVA'
import java.util.Map;

public class App {
    public static void main(String[] args) {
        Map<String, String> env = Map.of("HOST", "localhost");
        System.out.println(env.get("PORT").trim());
    }
}
JAVA
cap java-exception runtime_error java/exception "$d" 'javac App.java && java App'
d=$(project java-class-not-found)
put "$d" App.java <<'JAVA'
package com.example;
public class App { public static void main(String[] args) { System.out.println("hi"); } }
JAVA
cap java-class-not-found missing_module java/class-not-found "$d" 'javac -d out App.java && java -cp out App'

d=$(project junit4-failed)
put "$d" Calc.java <<'JAVA'
public class Calc { public static int add(int a, int b) { return a - b; } }
JAVA
put "$d" CalcTest.java <<'JAVA'
import static org.junit.Assert.assertEquals;
import org.junit.Test;

public class CalcTest {
    @Test public void adds() { assertEquals(4, Calc.add(2, 2)); }
}
JAVA
cap junit4-failed test_failure junit/failed "$d" "javac -cp $junit4 Calc.java CalcTest.java && java -cp .:$junit4 org.junit.runner.JUnitCore CalcTest"
d=$(project junit5-failed)
put "$d" CalcTest.java <<'JAVA'
import static org.junit.jupiter.api.Assertions.assertEquals;
import org.junit.jupiter.api.Test;

class CalcTest {
    static int add(int a, int b) { return a - b; }
    @Test void adds() { assertEquals(4, add(2, 2)); }
}
JAVA
cap junit5-failed test_failure junit/failed "$d" "javac -cp $junit5 CalcTest.java && java -jar $junit5 -cp . --select-class CalcTest --disable-banner --details=tree"

# mavenproject DIR [DEPENDENCY-XML]: a pom with plugin versions Debian packages, and a copy of
# Debian's Maven repository (links resolved) as the local repository: Maven writes markers into it.
mavenproject() {
  cp -rL /usr/share/maven-repo "$1/.m2"
  put "$1" pom.xml <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example</groupId>
  <artifactId>app</artifactId>
  <version>1.0</version>
  <properties>
    <maven.compiler.source>17</maven.compiler.source>
    <maven.compiler.target>17</maven.compiler.target>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <dependencies>
    <dependency><groupId>junit</groupId><artifactId>junit</artifactId><version>4.x</version><scope>test</scope></dependency>
    ${2:-}
  </dependencies>
  <build><plugins>
    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.10.1</version></plugin>
    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-surefire-plugin</artifactId><version>2.22.3</version></plugin>
    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-resources-plugin</artifactId><version>3.3.0</version></plugin>
  </plugins></build>
</project>
POM
}
mvn='mvn -B -o -Dmaven.repo.local=.m2'

d=$(project maven-test-failed); mavenproject "$d"
put "$d" src/main/java/com/example/Calc.java <<'JAVA'
package com.example;

public class Calc {
    public static int add(int a, int b) { return a - b; }
}
JAVA
put "$d" src/test/java/com/example/CalcTest.java <<'JAVA'
package com.example;

import static org.junit.Assert.assertEquals;
import org.junit.Test;

public class CalcTest {
    @Test public void adds() { assertEquals(4, Calc.add(2, 2)); }
}
JAVA
cap maven-test-failed test_failure junit/failed "$d" "$mvn test"
d=$(project maven-compile-error); mavenproject "$d"
put "$d" src/main/java/com/example/Report.java <<'JAVA'
package com.example;

import java.util.List;

public class Report {
    public static String render(List<String> lines) {
        return String.join("\n", lines).strip() + footer();
    }
}
JAVA
cap maven-compile-error missing_symbol javac/cannot-find-symbol "$d" "$mvn -q compile"
d=$(project maven-dependency)
mavenproject "$d" '<dependency><groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId><version>2.99.0</version></dependency>'
put "$d" src/main/java/com/example/App.java <<'JAVA'
package com.example;
public class App { }
JAVA
cap maven-dependency dependency_install maven/dependency "$d" "$mvn -q compile"
d=$(project maven-plugin-unresolved); mavenproject "$d"
sed -i 's#<version>3.10.1</version>#<version>3.99.0</version>#' "$d/pom.xml"
put "$d" src/main/java/com/example/App.java <<'JAVA'
package com.example;
public class App { }
JAVA
cap maven-plugin-unresolved dependency_install maven/dependency "$d" "$mvn -q compile"
