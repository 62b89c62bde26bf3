@echo off
rem The course command on Windows: course.cmd --help lists the commands. See the script "course".
setlocal
set "ROOT=%~dp0"
if "%ROOT:~-1%"=="\" set "ROOT=%ROOT:~0,-1%"
set "JAVA=java"
if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" set "JAVA=%JAVA_HOME%\bin\java.exe"
"%JAVA%" -version >nul 2>&1
if errorlevel 1 (
  echo course: no Java found. This course needs a JDK 17 or newer: install one and set JAVA_HOME. 1>&2
  exit /b 1
)
rem Versions before 17: java.specification.version is 1.8 (or older), 9, 10 ... 16.
"%JAVA%" -XshowSettings:properties -version 2>&1 | findstr /r /c:"java\.specification\.version = 1\." /c:"java\.specification\.version = 9" /c:"java\.specification\.version = 1[0-6]" >nul
if not errorlevel 1 (
  echo course: this course needs a JDK 17 or newer; "%JAVA%" -version shows an older one. Install a JDK 17+ and point JAVA_HOME at it. 1>&2
  exit /b 1
)
set "CLASSES=%ROOT%\course-support\target\classes"
if not exist "%CLASSES%\dev\flinktuning\support\cli\CourseLauncher.class" (
  echo course: building the course kit ^(course-support^) first; this takes a minute once ... 1>&2
  if not exist "%ROOT%\.course" mkdir "%ROOT%\.course"
  pushd "%ROOT%"
  call mvnw.cmd -B -q -pl course-support compile dependency:build-classpath -Dmdep.includeScope=runtime "-Dmdep.outputFile=%ROOT%\.course\classpath"
  if errorlevel 1 (
    popd
    exit /b 1
  )
  popd
)
set "OPTS=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
if /i "%~1"=="services" set "OPTS="
"%JAVA%" %OPTS% "-Dcourse.root=%ROOT%" -cp "%CLASSES%" dev.flinktuning.support.cli.CourseLauncher %*
exit /b %ERRORLEVEL%
