// The demo release pipeline of kit/try-jenkins: three assets made in parallel branches with one key,
// then previews that cost nothing (a dry run, and a dry run with a deliberately partial result).
pipeline {
  agent any
  options { timeout(time: 20, unit: 'MINUTES') }
  parameters { string(name: 'RELEASE', defaultValue: '2.0', description: 'Release name used in the prompts') }
  stages {
    stage('Assets') {
      parallel {
        stage('Banner') {
          steps {
            script {
              def r = generateImage(prompt: "Banner for release ${params.RELEASE}: a lighthouse at dawn, flat illustration, blue and white",
                                    model: 'wan2.2-t2i-flash', size: '1440*720', outputDir: 'assets/banner', name: 'banner',
                                    credentialsId: 'dashscope')
              echo "Banner: ${r.files}"
            }
          }
        }
        stage('Social card') {
          steps {
            script {
              def r = generateImage(prompt: "Social card for release ${params.RELEASE}, minimalist, a paper boat on calm water",
                                    model: 'wan2.2-t2i-flash', size: '1024*1024', outputDir: 'assets/social-card', name: 'card',
                                    credentialsId: 'dashscope')
              echo "Social card: ${r.files}"
            }
          }
        }
        stage('Poster (zh-CN)') {
          steps {
            script {
              def r = generateImage(prompt: "新版本 ${params.RELEASE} 发布海报：灯塔与日出，水彩风格，留白",
                                    model: 'wan2.2-t2i-flash', size: '720*1280', outputDir: 'assets/poster-zh', name: 'poster',
                                    credentialsId: 'dashscope')
              echo "Poster: ${r.files}"
            }
          }
        }
      }
    }
    stage('Previews') {
      steps {
        script {
          def preview = generateImage(prompt: 'Layout check for the landing page hero', n: 2, dryRun: true,
                                      outputDir: 'previews/hero', name: 'hero')
          echo "Dry run: ${preview.files}"
          def icons = generateImage(prompt: 'Icon set, one icon fails on purpose simulate:partial', n: 3, dryRun: true,
                                    allowPartial: true, outputDir: 'previews/icons', name: 'icon')
          echo "Partial result accepted: ${icons.imageCount} saved, failed: ${icons.failures.size()} (${icons.failures})"
        }
      }
    }
  }
}
