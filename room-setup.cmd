@echo off
rem Room setup on Windows: the same builds as ./room-setup (read it for why each is there). It
rem fetches everything the course needs into Maven's local repository, so that a room without a
rem fast network can work offline (mvnw.cmd -o ...), then prints how big the cache is.
rem
rem   room-setup.cmd                                   into %USERPROFILE%\.m2\repository
rem   room-setup.cmd -Dmaven.repo.local=D:\course-m2   into a repository of your choice
rem
rem Every argument is passed to every Maven run. See INSTRUCTORS.md, "A room without a fast network".
setlocal
cd /d "%~dp0"
set "LOG=%TEMP%\room-setup-%RANDOM%.log"
type nul > "%LOG%"
echo Room setup: the full Maven output goes to %LOG%

echo [1/9] Maven itself, through the Maven Wrapper
call mvnw.cmd -B %* --version >>"%LOG%" 2>&1
if errorlevel 1 goto failed
echo [2/9] every chapter and its reference solution: compile, test-compile, package (-Psolution)
call mvnw.cmd -B %* clean verify -Psolution -DskipTests >>"%LOG%" 2>&1
if errorlevel 1 goto failed
echo [3/9] the test runner's JUnit provider (one quick test of the course kit)
call mvnw.cmd -B %* -Psolution -pl course-support test -Dtest=ReadmeTwinsTest -Dsurefire.failIfNoSpecifiedTests=false >>"%LOG%" 2>&1
if errorlevel 1 goto failed
echo [4/9] the starters as committed and the integrity profile's mutant runner (-Pintegrity)
call mvnw.cmd -B %* verify -Pintegrity -DskipTests -Dmutant=room-setup-judges-none >>"%LOG%" 2>&1
if errorlevel 1 goto failed
echo [5/9] the demo's launcher (the demo with --help)
call mvnw.cmd -B %* -Psolution -pl module-07-case-study -am compile exec:exec -Dstarter=CaseStudyDemo -Dcourse.args=--help >>"%LOG%" 2>&1
if errorlevel 1 goto failed
echo [6/9] chapter 3's benchmark classes (-Pbenchmark)
call mvnw.cmd -B %* -pl module-03-serialization -am test-compile -Pbenchmark >>"%LOG%" 2>&1
if errorlevel 1 goto failed
echo [7/9] chapter 7's job jar for a Flink cluster (-Psolution,job-jar: the shade plugin)
call mvnw.cmd -B %* -Psolution,job-jar -pl module-07-case-study -am package -DskipTests >>"%LOG%" 2>&1
if errorlevel 1 goto failed
echo [8/9] the formatter (spotless:check, as -Pformat and CI use it)
call mvnw.cmd -B %* spotless:check >>"%LOG%" 2>&1
if not errorlevel 1 goto cached
rem A file not formatted the course's way fails the check; the formatter is cached all the same.
findstr /c:"format violations" "%LOG%" >nul
if errorlevel 1 goto failed
echo       the formatter is cached (some files are not formatted the course's way; fine)

:cached
echo [9/9] the course command's class path (course.cmd: the dependency plugin)
set "CPFILE=%TEMP%\room-setup-classpath-%RANDOM%.txt"
call mvnw.cmd -B %* -pl course-support compile dependency:build-classpath -Dmdep.includeScope=runtime "-Dmdep.outputFile=%CPFILE%" >>"%LOG%" 2>&1
if errorlevel 1 goto failed
del "%CPFILE%"
set "PATHFILE=%TEMP%\room-setup-repo-%RANDOM%.txt"
call mvnw.cmd -q -B %* help:evaluate -Dexpression=settings.localRepository -DforceStdout > "%PATHFILE%" 2>>"%LOG%"
if errorlevel 1 goto failed
set /p REPO=<"%PATHFILE%"
del "%PATHFILE%"
set "DISTS=%USERPROFILE%\.m2\wrapper\dists"
if defined MAVEN_USER_HOME set "DISTS=%MAVEN_USER_HOME%\wrapper\dists"
echo.
echo Everything the course needs is cached:
powershell -NoProfile -Command "foreach ($p in @('%REPO%', '%DISTS%')) { '  {0,6:N0} MB  {1}' -f ((Get-ChildItem -Recurse -File -LiteralPath $p | Measure-Object Length -Sum).Sum / 1MB), $p }"
echo.
echo Hand it to a room: give each laptop both folders at the same place under the learner's home
echo (%%USERPROFILE%%\.m2\repository and %%USERPROFILE%%\.m2\wrapper), for example as one zip of
echo %%USERPROFILE%%\.m2, or leave the repository on a shared folder or USB stick and add
echo -Dmaven.repo.local=^<that folder^>. Then work offline: add -o to mvnw.cmd, or once per
echo terminal: set MAVEN_ARGS=-o
echo Check a laptop with: mvnw.cmd -o -B -q -pl module-01-principles -am test-compile
del "%LOG%"
exit /b 0

:failed
echo.
powershell -NoProfile -Command "Get-Content -Tail 40 -LiteralPath '%LOG%'"
echo.
echo Room setup failed (full output: %LOG%). With no network, or a proxy that Maven does not
echo know, downloads fail: see https://maven.apache.org/guides/mini/guide-proxies.html
exit /b 1
