// Keeps the class and the test of the generated strategy's role and deletes the other two roles'.
import java.nio.file.Files
import java.nio.file.Path

def role = request.properties.get('role')
def classes = [forecast: 'SimpleForecaster', dispatch: 'GreedyDispatcher', allocation: 'ProportionalAllocator']
if (!classes.containsKey(role)) {
    throw new IllegalArgumentException("role must be forecast, dispatch or allocation, not '" + role + "'")
}
Path project = Path.of(request.outputDirectory, request.artifactId)
String packagePath = request.properties.get('package').replace('.', '/')
classes.each { r, name ->
    if (r != role) {
        Files.deleteIfExists(project.resolve("src/main/java/" + packagePath + "/" + name + ".java"))
        Files.deleteIfExists(project.resolve("src/test/java/" + packagePath + "/" + name + "Test.java"))
    }
}
